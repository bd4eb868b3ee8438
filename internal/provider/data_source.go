package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// configuredData is what every data source shares: the provider's data, kept by Configure, and the
// prologue of every read.
type configuredData struct {
	data *providerData
}

func (c *configuredData) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected Provider Data", fmt.Sprintf("Expected *providerData, got %T. Please report this issue to the provider developers.", req.ProviderData))
		return
	}
	c.data = data
}

// readOrganization is the prologue of every read: the data source's "organization" argument,
// falling back to the provider's. It returns false, with the reason in diags, when there is none.
func (c *configuredData) readOrganization(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) (string, bool) {
	var organization types.String
	diags.Append(config.GetAttribute(ctx, path.Root("organization"), &organization)...)
	if diags.HasError() {
		return "", false
	}
	slug, d := c.data.organizationFor(organization)
	diags.Append(d...)
	return slug, !diags.HasError()
}

// organizationAttribute is the "organization" argument every data source has.
func organizationAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "The organization slug. When unset, the provider's `organization` is used " +
			"(its own fallbacks are `TURSO_ORGANIZATION`, then `TURSO_ORG`); either way the state holds the " +
			"slug that was read.",
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{slugValidator(`this data source's "organization" argument`)},
	}
}

// databaseAttribute is the "database" argument of the data sources that read one database.
func databaseAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "The database's name, as `turso db list` shows it. Letters, digits, `-`, `_` and `.`; " +
			"checked before any request is sent.",
		Required:   true,
		Validators: []validator.String{databaseNameCheck.validator(`this data source's "database" argument`)},
	}
}
