package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

var (
	_ datasource.DataSource              = (*apiTokenDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*apiTokenDataSource)(nil)
)

type apiTokenDataSource struct {
	configuredData
}

// NewAPITokenDataSource returns the turso_api_token data source.
func NewAPITokenDataSource() datasource.DataSource {
	return &apiTokenDataSource{}
}

const apiTokenSummary = "Unable to Read the API Token's Expiry"

// apiTokenStateModel is the state of turso_api_token.
type apiTokenStateModel struct {
	ExpiresAt     types.String `tfsdk:"expires_at"`
	NeverExpires  types.Bool   `tfsdk:"never_expires"`
	ExpiresInDays types.Int64  `tfsdk:"expires_in_days"`
}

func (d *apiTokenDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_api_token"
}

func (d *apiTokenDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "When the provider's own API token expires, from `GET /v1/auth/validate`: the question to ask " +
			"of a pipeline's token before it stops working. It takes no arguments and belongs to no organization: any " +
			"valid token, of any role, can read it. Tokens from `turso auth token` expire after about a week; platform API " +
			"tokens from `turso auth api-tokens mint` can be minted without an expiry. `expires_in_days` is counted from " +
			"the time of the read, in UTC, so it changes from one day to the next, as any data source's values do.",
		Attributes: map[string]schema.Attribute{
			"expires_at": schema.StringAttribute{
				MarkdownDescription: "When the token expires, in RFC 3339 and UTC, for example `2026-12-31T00:00:00Z`. Null when it never expires.",
				Computed:            true,
			},
			"never_expires": schema.BoolAttribute{
				MarkdownDescription: "Whether the token never expires (the API answers `exp: -1`).",
				Computed:            true,
			},
			"expires_in_days": schema.Int64Attribute{
				MarkdownDescription: "Whole days left before the token expires, at the time of the read, in UTC, rounded down: " +
					"`0` on its last day, negative once it has passed. Null when it never expires.",
				Computed: true,
			},
		},
	}
}

func (d *apiTokenDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	v, err := d.data.client.ValidateToken(ctx)
	if err != nil {
		resp.Diagnostics.AddError(apiTokenSummary, apiTokenErrorDetail(err, d.data.token))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, apiTokenState(v, d.data.now()))...)
}

// apiTokenErrorDetail explains a failed validation; it concerns no organization, so 403 and 404 say
// what they mean here.
func apiTokenErrorDetail(err error, token setting) string {
	var apiErr *turso.APIError
	if errors.As(err, &apiErr) && (apiErr.StatusCode == http.StatusForbidden || apiErr.StatusCode == http.StatusNotFound) {
		return fmt.Sprintf("The Turso API answered %s.\n\nThe token's expiry is asked of `GET /v1/auth/validate`, which any "+
			"valid token may read. Check that the provider's \"api_url\" (TURSO_API_URL) is the Turso API, and that the "+
			"token is one from `turso auth api-tokens mint NAME` or `turso auth token`.", err)
	}
	return "The token validity request failed. " + errorDetail(err, "", token)
}

// apiTokenState maps the token's validity to state, with the days left at now.
func apiTokenState(v *turso.TokenValidity, now time.Time) apiTokenStateModel {
	if v.NeverExpires {
		return apiTokenStateModel{ExpiresAt: types.StringNull(), NeverExpires: types.BoolValue(true), ExpiresInDays: types.Int64Null()}
	}
	return apiTokenStateModel{
		ExpiresAt:     types.StringValue(v.ExpiresAt.UTC().Format(time.RFC3339)),
		NeverExpires:  types.BoolValue(false),
		ExpiresInDays: types.Int64Value(wholeDays(now, v.ExpiresAt)),
	}
}
