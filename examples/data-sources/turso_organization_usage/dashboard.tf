# Outputs for a dashboard or a monitoring job: `terraform output -json` hands them over as JSON.
variable "top_databases" {
  description = "How many databases to list by rows read."
  type        = number
  default     = 3
}

data "turso_organization_usage" "dashboard" {
  # Per-database totals are all a dashboard needs: without the instances, a large organization's
  # plan is much cheaper.
  include_instances = false
}

locals {
  databases = data.turso_organization_usage.dashboard.databases

  # A database created or deleted between the usage and the database list has no name: its UUID
  # stands in for it.
  label = { for db in local.databases : db.uuid => coalesce(db.name, db.uuid) }

  # sort() orders strings, so rank on a zero-padded counter; the UUID breaks ties.
  ranked_by_rows_read = reverse(sort([
    for db in local.databases : format("%020d %s", coalesce(db.total.rows_read, 0), db.uuid)
  ]))
}

output "storage_bytes_by_database" {
  description = "Storage used by each database, in bytes, keyed by database name."
  value       = { for db in local.databases : local.label[db.uuid] => db.total.storage_bytes }
}

output "top_databases_by_rows_read" {
  description = "The databases that read the most rows this billing cycle, most first."
  value = [
    for entry in slice(local.ranked_by_rows_read, 0, min(var.top_databases, length(local.ranked_by_rows_read))) : {
      name      = local.label[split(" ", entry)[1]]
      uuid      = split(" ", entry)[1]
      rows_read = tonumber(split(" ", entry)[0])
    }
  ]
}
