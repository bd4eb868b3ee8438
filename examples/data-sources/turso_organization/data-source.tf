# The organization defaults to the provider's; set `organization` to read another one.
data "turso_organization" "this" {}

output "plan" {
  description = "The organization's plan and how it is billed."
  value       = "${data.turso_organization.this.plan_id} (${data.turso_organization.this.plan_timeline})"
}

output "require_mfa" {
  description = "Whether members must use multi-factor authentication."
  value       = data.turso_organization.this.require_mfa
}

output "blocked" {
  description = "Whether reads or writes are blocked for being over quota."
  value       = data.turso_organization.this.blocked_reads || data.turso_organization.this.blocked_writes
}
