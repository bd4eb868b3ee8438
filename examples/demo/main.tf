# The configuration that `make demo` plans and applies against the fake Turso API (scripts/demo.sh).
# The provider reads TURSO_API_URL, TURSO_API_TOKEN and TURSO_ORGANIZATION from the environment.
terraform {
  required_providers {
    turso = {
      source = "turso-terraform/turso"
    }
  }
}

data "turso_organization_usage" "this" {}

locals {
  org = data.turso_organization_usage.this

  # Counters in the order `turso plan show` lists them; "-" where the API sent none.
  organization_counters = ["storage_bytes", "rows_read", "rows_written", "bytes_synced", "databases", "locations", "groups"]
  organization_table = join("\n", concat(
    ["Organization ${local.org.organization} (${local.org.uuid}), current billing cycle"],
    [for c in local.organization_counters : format("  %-14s %14s", c, local.org.usage[c] == null ? "-" : tostring(local.org.usage[c]))],
  ))

  # One row per database, in the API's order: its UUID, its instance count and its totals.
  database_counters = ["rows_read", "rows_written", "storage_bytes", "bytes_synced"]
  database_rows = concat(
    [concat(["database", "instances"], local.database_counters)],
    [for db in local.org.databases : concat(
      [db.uuid, tostring(length(db.instances))],
      [for c in local.database_counters : db.total[c] == null ? "-" : tostring(db.total[c])],
    )],
  )
  database_table = join("\n", [for row in local.database_rows : format("%-36s %9s %14s %14s %14s %14s", row...)])
}

output "report" {
  description = "What `make demo` prints: add a table to this list to show it too."
  value       = join("\n\n", [local.organization_table, local.database_table])
}
