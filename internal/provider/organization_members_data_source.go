package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

var (
	_ datasource.DataSource              = (*organizationMembersDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*organizationMembersDataSource)(nil)
)

type organizationMembersDataSource struct {
	configuredData
}

// NewOrganizationMembersDataSource returns the turso_organization_members data source.
func NewOrganizationMembersDataSource() datasource.DataSource {
	return &organizationMembersDataSource{}
}

const membersSummary = "Unable to Read Organization Members"

// standardRoles are the roles role_counts always holds, 0 where no member has one.
var standardRoles = []string{"owner", "admin", "member", "viewer"}

// organizationMembersModel is the state of turso_organization_members.
type organizationMembersModel struct {
	Organization types.String     `tfsdk:"organization"`
	Members      []memberModel    `tfsdk:"members"`
	RoleCounts   map[string]int64 `tfsdk:"role_counts"`
	// Invites is nil, and so null, on a plan without invites.
	Invites []inviteModel `tfsdk:"invites"`
}

type memberModel struct {
	Username types.String `tfsdk:"username"`
	Role     types.String `tfsdk:"role"`
	Email    types.String `tfsdk:"email"`
}

type inviteModel struct {
	ID        types.String `tfsdk:"id"`
	Email     types.String `tfsdk:"email"`
	Role      types.String `tfsdk:"role"`
	CreatedAt types.String `tfsdk:"created_at"`
	AgeDays   types.Int64  `tfsdk:"age_days"`
}

func (d *organizationMembersDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_organization_members"
}

func (d *organizationMembersDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	email := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description + " Sensitive. Null when the API leaves it out.", Computed: true, Sensitive: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Who belongs to a Turso organization and who is invited: the members from " +
			"`GET /v1/organizations/{slug}/members`, how many hold each role, and the pending invites from " +
			"`GET /v2/organizations/{slug}/invites`, with their age. One read sends the two requests at once.\n\n" +
			"Any member can list the members with a read-only token. Invites are a paid-plan feature: on a plan " +
			"without them (the starter plan), `invites` is null and the read warns that the plan has no invites; the " +
			"members are still read. Ages are counted from the time of the read, in UTC, so they change from one day " +
			"to the next, as any data source's values do.",
		Attributes: map[string]schema.Attribute{
			"organization": organizationAttributeOf("Members"),
			"members": schema.ListNestedAttribute{
				MarkdownDescription: "The organization's members, in the API's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"username": str("The member's username."),
					"role":     str("The member's role as sent: `owner`, `admin`, `member` or `viewer`, or a role the API adds."),
					"email":    email("The member's e-mail address."),
				}},
			},
			"role_counts": schema.MapAttribute{
				MarkdownDescription: "How many members hold each role. Every one of `owner`, `admin`, `member` and `viewer` is " +
					"a key, `0` where no member holds it, so that `role_counts.owner` needs no lookup default; any other role " +
					"the API sends is counted under its own name.",
				ElementType: types.Int64Type,
				Computed:    true,
			},
			"invites": schema.ListNestedAttribute{
				MarkdownDescription: "The pending invites, in the API's order. Null when the organization's plan has no " +
					"invites (the API answers with a `feature_not_available` code); an empty list when none is pending.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":         str("The invite's ID."),
					"email":      email("The e-mail address the invite was sent to."),
					"role":       str("The role the invite grants, as sent."),
					"created_at": str("When the invite was sent, exactly as the API sent it (an RFC 3339 timestamp)."),
					"age_days": schema.Int64Attribute{
						MarkdownDescription: "Whole days since the invite was sent, at the time of the read, in UTC: `0` on its " +
							"first day. It grows by one every day.",
						Computed: true,
					},
				}},
			},
		},
	}
}

func (d *organizationMembersDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	slug, ok := d.readOrganization(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	ctx, end := d.data.client.StartRead(ctx)
	defer end()
	var members []turso.Member
	var invites []turso.Invite
	var errs [2]error
	var wg sync.WaitGroup
	wg.Go(func() { members, errs[0] = d.data.client.Members(ctx, slug) })
	wg.Go(func() { invites, errs[1] = d.data.client.Invites(ctx, slug) })
	wg.Wait()
	if gated, ok := planGated(errs[1]); ok {
		resp.Diagnostics.AddWarning("Organization Plan Has No Invites", fmt.Sprintf("The invites of organization %q were not "+
			"read: the Turso API answered %s.\n\nInvites are a paid-plan feature, so `invites` is null; the members were read. "+
			"Check the plan with `turso plan show`.", slug, gated))
		errs[1], invites = nil, nil
	}
	if failures := failed(requestFailure{"members", errs[0]}, requestFailure{"invites", errs[1]}); len(failures) > 0 {
		resp.Diagnostics.Append(membersFailureDiagnostics(failures, slug, d.data.token)...)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, organizationMembersState(slug, members, invites, d.data.now()))...)
}

// membersFailureDiagnostics reports the failed requests; a 403 says who may read what.
func membersFailureDiagnostics(failures []requestFailure, slug string, token setting) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, f := range failures {
		var apiErr *turso.APIError
		if errors.As(f.err, &apiErr) && apiErr.StatusCode == http.StatusForbidden {
			diags.AddError(membersSummary, fmt.Sprintf("The %s request was refused. ", f.request)+refusedDetail(f.err, slug,
				"Every member of an organization can list its members and pending invites; a 403 means the token belongs to "+
					"another organization, or to a user who is not a member."))
			continue
		}
		diags.Append(requestFailureDiagnostics(membersSummary, []requestFailure{f}, slug, token)...)
	}
	return diags
}

// organizationMembersState maps members and invites to state; invites is nil on a plan without them.
func organizationMembersState(slug string, members []turso.Member, invites []turso.Invite, now time.Time) organizationMembersModel {
	m := organizationMembersModel{
		Organization: types.StringValue(slug),
		Members:      make([]memberModel, len(members)),
		RoleCounts:   roleCounts(members),
	}
	for i, mb := range members {
		m.Members[i] = memberModel{Username: types.StringValue(mb.Username), Role: types.StringValue(mb.Role), Email: optionalString(mb.Email)}
	}
	if invites != nil {
		m.Invites = make([]inviteModel, len(invites))
		for i, inv := range invites {
			m.Invites[i] = inviteModel{
				ID:        types.StringValue(inv.ID),
				Email:     optionalString(inv.Email),
				Role:      types.StringValue(inv.Role),
				CreatedAt: types.StringValue(inv.CreatedAt),
				AgeDays:   ageDays(inv.Created, now),
			}
		}
	}
	return m
}

// roleCounts counts the members of each role: every standard role present, other roles as sent.
func roleCounts(members []turso.Member) map[string]int64 {
	counts := make(map[string]int64, len(standardRoles))
	for _, r := range standardRoles {
		counts[r] = 0
	}
	for _, m := range members {
		counts[m.Role]++
	}
	return counts
}
