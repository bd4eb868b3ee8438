package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

// Environment variables read when the provider block leaves an argument unset, in order.
var (
	envAPIToken     = []string{"TURSO_API_TOKEN"}
	envOrganization = []string{"TURSO_ORGANIZATION", "TURSO_ORG"}
	envAPIURL       = []string{"TURSO_API_URL", "TURSO_API_BASEURL"}
)

var (
	_ provider.Provider              = (*tursoProvider)(nil)
	_ provider.ProviderWithFunctions = (*tursoProvider)(nil)
)

type tursoProvider struct {
	version string
	// clientOptions holds the client's retry and timeout policy; tests shorten it.
	clientOptions turso.Options
	getenv        func(string) string
	// now is the clock the quota's forecast is taken by; tests fix it.
	now func() time.Time
}

// New returns the provider factory for a build of the given version.
func New(version string) func() provider.Provider {
	return newWithOptions(version, turso.DefaultOptions())
}

func newWithOptions(version string, opts turso.Options) func() provider.Provider {
	return newWithClock(version, opts, time.Now)
}

func newWithClock(version string, opts turso.Options, now func() time.Time) func() provider.Provider {
	return func() provider.Provider {
		return &tursoProvider{version: version, clientOptions: opts, getenv: os.Getenv, now: now}
	}
}

type providerModel struct {
	APIToken     types.String `tfsdk:"api_token"`
	Organization types.String `tfsdk:"organization"`
	APIURL       types.String `tfsdk:"api_url"`
}

// providerData is what Configure hands to every data source.
type providerData struct {
	client       *turso.Client
	organization setting
	token        setting
	now          func() time.Time
}

// organizationFor resolves a data source's organization, falling back to the provider's.
func (p *providerData) organizationFor(configured types.String) (string, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !configured.IsNull() && !configured.IsUnknown() {
		return configured.ValueString(), diags
	}
	if p.organization.isSet() {
		return p.organization.value, diags
	}
	diags.AddAttributeError(path.Root("organization"), "Missing Turso Organization",
		"No organization is set. Set this data source's \"organization\" argument, the provider's "+
			"\"organization\" argument, or the TURSO_ORGANIZATION environment variable (TURSO_ORG also works).")
	return "", diags
}

func (p *tursoProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "turso"
	resp.Version = p.version
}

func (p *tursoProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a Turso organization's usage from the Turso Platform API.",
		Attributes: map[string]schema.Attribute{
			"api_token": schema.StringAttribute{
				MarkdownDescription: "A Turso Platform API token (`turso auth api-tokens mint NAME`). " +
					"Falls back to the `TURSO_API_TOKEN` environment variable. Surrounding whitespace is trimmed; " +
					"a token with inner whitespace or control characters is refused.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{tokenCheck.validator(providerArgument("api_token"))},
			},
			"organization": schema.StringAttribute{
				MarkdownDescription: "The default organization slug for every data source. Falls back to " +
					"`TURSO_ORGANIZATION`, then `TURSO_ORG`.",
				Optional:   true,
				Validators: []validator.String{slugCheck.validator(providerArgument("organization"))},
			},
			"api_url": schema.StringAttribute{
				MarkdownDescription: "The Platform API's base URL. Falls back to `TURSO_API_URL`, then " +
					"`TURSO_API_BASEURL`; defaults to `" + turso.DefaultBaseURL + "`. Must use https; plain http " +
					"is accepted only for loopback hosts (127.0.0.0/8, ::1, localhost). It is the API's root: the provider " +
					"adds `/v1` to every request, and a URL ending in `/v1` is refused at plan time.",
				Optional:   true,
				Validators: []validator.String{apiURLCheck.validator(providerArgument("api_url"))},
			},
		},
	}
}

func (p *tursoProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, diags := resolveProviderSettings(cfg, p.getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts := p.clientOptions
	opts.BaseURL = s.apiURL.value
	opts.Token = s.token.value
	opts.UserAgent = userAgent(p.version, req.TerraformVersion)
	opts.Logger = tflogLogger{token: s.token.value}
	client, err := turso.New(opts)
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create Turso API Client", err.Error())
		return
	}
	data := &providerData{client: client, organization: s.organization, token: s.token, now: p.now}
	resp.DataSourceData = data
}

func userAgent(version, terraformVersion string) string {
	ua := "terraform-provider-turso/" + version
	if terraformVersion != "" {
		ua += fmt.Sprintf(" Terraform/%s", terraformVersion)
	}
	return ua
}

func (p *tursoProvider) Resources(context.Context) []func() resource.Resource { return nil }

func (p *tursoProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewOrganizationUsageDataSource,
		NewOrganizationQuotaDataSource,
		NewDatabaseUsageDataSource,
		NewOrganizationInvoicesDataSource,
		NewDatabaseTopQueriesDataSource,
		NewOrganizationAuditLogsDataSource,
		NewDatabaseConfigurationDataSource,
		NewOrganizationDataSource,
		NewOrganizationMembersDataSource,
		NewOrganizationAPITokensDataSource,
		NewAPITokenDataSource,
	}
}

func (p *tursoProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{NewBillingPeriodFunction, NewForecastFunction}
}
