// Command tfcli answers, for the scripts, what package tfcli answers for the tests:
//
//	tfcli PATH                 prints which CLI PATH is and its version, e.g. "OpenTofu 1.12.6"
//	tfcli -dev-overrides DIR   prints a CLI configuration serving the provider from DIR under the
//	                           registry host of Terraform and of OpenTofu
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/turso-terraform/terraform-provider-turso/internal/tfcli"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "tfcli:", err)
		}
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := flag.NewFlagSet("tfcli", flag.ContinueOnError)
	flags.SetOutput(stderr)
	overrides := flags.String("dev-overrides", "", "print a CLI configuration taking the provider from this directory")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: tfcli PATH | tfcli -dev-overrides DIR")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return err
	}
	switch {
	case *overrides != "" && flags.NArg() == 0:
		_, err := io.WriteString(stdout, tfcli.DevOverrides(*overrides))
		return err
	case *overrides == "" && flags.NArg() == 1:
		cli, err := tfcli.Detect(ctx, flags.Arg(0))
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(stdout, cli)
		return err
	default:
		flags.Usage()
		return flag.ErrHelp
	}
}
