# The organization defaults to the provider's; set `organization` to read another one.
data "turso_organization_quota" "this" {}

output "plan" {
  description = "The organization's plan, without the `_overages` suffix."
  value       = data.turso_organization_quota.this.plan
}

output "rows_read_percent_used" {
  description = "Rows read this billing cycle as a percentage of the plan's quota; null when unlimited."
  value       = data.turso_organization_quota.this.rows_read.percent_used
}

output "storage_bytes_remaining" {
  description = "Bytes that can still be stored before the plan's quota is reached; null when unlimited."
  value       = data.turso_organization_quota.this.storage_bytes.remaining
}
