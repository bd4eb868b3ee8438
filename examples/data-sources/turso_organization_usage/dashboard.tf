# Outputs for a dashboard or a monitoring job: `terraform output -json` hands them over as JSON.
variable "top_databases" {
  description = "How many databases to list by rows read."
  type        = number
  default     = 3
}

data "turso_organization_usage" "this" {}

locals {
  databases = data.turso_organization_usage.this.databases

  # sort() orders strings, so rank on a zero-padded counter; the UUID breaks ties.
  ranked_by_rows_read = reverse(sort([
    for db in local.databases : format("%020d %s", coalesce(db.total.rows_read, 0), db.uuid)
  ]))
}

output "storage_bytes_by_database" {
  description = "Storage used by each database, in bytes, keyed by database UUID."
  value       = { for db in local.databases : db.uuid => db.total.storage_bytes }
}

output "top_databases_by_rows_read" {
  description = "The databases that read the most rows this billing cycle, most first."
  value = [
    for entry in slice(local.ranked_by_rows_read, 0, min(var.top_databases, length(local.ranked_by_rows_read))) : {
      uuid      = split(" ", entry)[1]
      rows_read = tonumber(split(" ", entry)[0])
    }
  ]
}
