# The organization defaults to the provider's; set `organization` to read another one.
data "turso_organization_usage" "this" {}

output "rows_read" {
  description = "Rows read by the whole organization in the current billing cycle."
  value       = data.turso_organization_usage.this.usage.rows_read
}

output "database_names" {
  description = "Every database's name, in the API's order (null for one created or deleted between the two reads)."
  value       = data.turso_organization_usage.this.databases[*].name
}

# On organizations with thousands of databases, skip the per-database breakdown when only the
# organization's counters are needed: `databases` is then null and the read is much cheaper.
data "turso_organization_usage" "summary" {
  include_databases = false
}

output "storage_bytes" {
  description = "Storage used by the whole organization, in bytes."
  value       = data.turso_organization_usage.summary.usage.storage_bytes
}
