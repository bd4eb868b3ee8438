# The organization defaults to the provider's; set `organization` to read another one.
data "turso_organization_members" "this" {}

output "usernames" {
  description = "The members' usernames; their e-mail addresses are sensitive and stay out of the output."
  value       = data.turso_organization_members.this.members[*].username
}

output "role_counts" {
  description = "How many members hold each role: owner, admin, member and viewer are always there."
  value       = data.turso_organization_members.this.role_counts
}

output "pending_invites" {
  description = "How many invites are pending; 0 on a plan without invites, where the list is null."
  value       = length(try(data.turso_organization_members.this.invites[*], []))
}
