# The organization defaults to the provider's; set `organization` to read another one.
data "turso_organization" "this" {}

output "plan" {
  description = "The organization's plan, for example scaler."
  value       = data.turso_organization.this.plan_id
}

output "require_mfa" {
  description = "Whether members must use multi-factor authentication."
  value       = data.turso_organization.this.require_mfa
}

output "blocked" {
  description = "Whether reads or writes are blocked for being over quota; a value the API leaves out is null, and not true."
  value       = data.turso_organization.this.blocked_reads == true || data.turso_organization.this.blocked_writes == true
}
