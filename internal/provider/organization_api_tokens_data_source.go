package provider

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

var (
	_ datasource.DataSource              = (*organizationAPITokensDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*organizationAPITokensDataSource)(nil)
)

type organizationAPITokensDataSource struct {
	configuredData
}

// NewOrganizationAPITokensDataSource returns the turso_organization_api_tokens data source.
func NewOrganizationAPITokensDataSource() datasource.DataSource {
	return &organizationAPITokensDataSource{}
}

const apiTokensSummary = "Unable to Read Organization API Tokens"

// organizationAPITokensModel is the state of turso_organization_api_tokens.
type organizationAPITokensModel struct {
	Organization types.String    `tfsdk:"organization"`
	Tokens       []apiTokenModel `tfsdk:"tokens"`
}

type apiTokenModel struct {
	Name          types.String   `tfsdk:"name"`
	ID            types.String   `tfsdk:"id"`
	Group         types.String   `tfsdk:"group"`
	Scopes        []types.String `tfsdk:"scopes"`
	OwnerUsername types.String   `tfsdk:"owner_username"`
	OwnerEmail    types.String   `tfsdk:"owner_email"`
	CreatedAt     types.String   `tfsdk:"created_at"`
	AgeDays       types.Int64    `tfsdk:"age_days"`
}

func (d *organizationAPITokensDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_api_tokens"
}

func (d *organizationAPITokensDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The platform API tokens of a Turso organization, from `GET /v1/organizations/{slug}/api-tokens` " +
			"(May 2026): each token's name, scope and owner, and how old it is.\n\n" + whoSeesTokens + " To see every " +
			"token, read with a token minted by an owner or an admin; a read-only token is enough.\n\nNo token carries an " +
			"expiry or a last use: the API keeps neither, so age is the only measure of a token here. The provider's own " +
			"token's expiry is `turso_api_token`. Ages are counted from the time of the read, in UTC, so they change from " +
			"one day to the next, as any data source's values do.",
		Attributes: map[string]schema.Attribute{
			"organization": organizationAttributeOf("API Tokens"),
			"tokens": schema.ListNestedAttribute{
				MarkdownDescription: "The tokens the API lists to the caller, in the API's order. An empty list when there are none.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name": str("The token's name, as given when it was minted."),
					"id":   str("The token's ID."),
					"group": str("The group the token is scoped to. Null for an organization-wide token (the API sends no " +
						"group, or an empty one)."),
					"scopes": schema.ListAttribute{
						MarkdownDescription: "The token's scopes, in the order sent, for example `read` or `db:create`. Null " +
							"where the API sends none, as for organization-wide tokens.",
						ElementType: types.StringType,
						Computed:    true,
					},
					"owner_username": str("The username of the member who minted the token. Null when the API sends no owner."),
					"owner_email": schema.StringAttribute{
						MarkdownDescription: "The e-mail address of the member who minted the token. Sensitive. Null when the API sends none.",
						Computed:            true,
						Sensitive:           true,
					},
					"created_at": str("When the token was minted, exactly as the API sent it: a date such as `2026-05-21`."),
					"age_days": schema.Int64Attribute{
						MarkdownDescription: "Whole days since `created_at` (UTC midnight for a date), at the time of the read, " +
							"in UTC: `0` on its first day. It grows by one every day.",
						Computed: true,
					},
				}},
			},
		},
	}
}

func (d *organizationAPITokensDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	slug, ok := d.readOrganization(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	tokens, err := d.data.client.APITokens(ctx, slug)
	var apiErr *turso.APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusForbidden:
		resp.Diagnostics.AddError(apiTokensSummary, "The API tokens request was refused. "+refusedDetail(err, slug, whoSeesTokens))
		return
	case err != nil:
		resp.Diagnostics.Append(requestFailureDiagnostics(apiTokensSummary, failed(requestFailure{"API tokens", err}), slug, d.data.token)...)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, organizationAPITokensState(slug, tokens, d.data.now()))...)
}

// organizationAPITokensState maps the token list to state, with each token's age at now.
func organizationAPITokensState(slug string, tokens []turso.APIToken, now time.Time) organizationAPITokensModel {
	m := organizationAPITokensModel{Organization: types.StringValue(slug), Tokens: make([]apiTokenModel, len(tokens))}
	for i, t := range tokens {
		v := apiTokenModel{
			Name:          types.StringValue(t.Name),
			ID:            types.StringValue(t.ID),
			Group:         optionalString(t.Group),
			OwnerUsername: optionalString(t.OwnerUsername),
			OwnerEmail:    optionalString(t.OwnerEmail),
			CreatedAt:     types.StringValue(t.CreatedAt),
			AgeDays:       ageDays(t.Created, now),
		}
		if t.Scopes != nil {
			v.Scopes = make([]types.String, len(t.Scopes))
			for j, s := range t.Scopes {
				v.Scopes[j] = types.StringValue(s)
			}
		}
		m.Tokens[i] = v
	}
	return m
}
