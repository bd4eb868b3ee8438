package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/turso-terraform/terraform-provider-turso/internal/tfcli"
)

// testCLI is the Terraform or OpenTofu at TF_ACC_TERRAFORM_PATH; TestMain detects it when TF_ACC is set.
var testCLI tfcli.CLI

// detectTestCLI finds out which CLI the tests drive, and has terraform-plugin-testing address the
// provider on that CLI's registry host unless TF_ACC_PROVIDER_HOST already names one.
func detectTestCLI() error {
	cli, err := tfcli.Detect(context.Background(), os.Getenv("TF_ACC_TERRAFORM_PATH"))
	if err != nil {
		return err
	}
	testCLI = cli
	if os.Getenv(resource.EnvTfAccProviderHost) == "" {
		return os.Setenv(resource.EnvTfAccProviderHost, cli.Product.RegistryHost())
	}
	return nil
}
