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

  # One row per database, in the API's order: its name and group from the database list ("-" for a
  # database the list does not have), its instance count and its totals.
  database_counters = ["rows_read", "rows_written", "storage_bytes", "bytes_synced"]
  database_rows = concat(
    [concat(["database", "group", "instances"], local.database_counters)],
    [for db in local.org.databases : concat(
      [coalesce(db.name, "-"), coalesce(db.group, "-"), tostring(length(db.instances))],
      [for c in local.database_counters : db.total[c] == null ? "-" : tostring(db.total[c])],
    )],
  )
  database_table = join("\n", [for row in local.database_rows : format("%-20s %-10s %9s %14s %14s %14s %14s", row...)])
}

# The plan's quotas, as `turso plan show` prints them: a limit the plan does not set is "Unlimited"
# and has no percentage. Beside them, the forecast for the end of the billing cycle.
data "turso_organization_quota" "this" {}

locals {
  quota = data.turso_organization_quota.this
  quota_heading = format("Plan %s (%s): overages %s, reads %s, writes %s",
    local.quota.plan,
    coalesce(local.quota.timeline, "-"),
    local.quota.overages == true ? "on" : "off",
    local.quota.blocked_reads == true ? "BLOCKED" : "allowed",
    local.quota.blocked_writes == true ? "BLOCKED" : "allowed",
  )
  quota_forecast = format("Forecast at %s, %.1f%% of the cycle past; quotas reset at %s",
    local.quota.as_of, local.quota.elapsed_fraction * 100, local.quota.resets_at,
  )
  quota_rows = concat(
    [["RESOURCE", "USED", "LIMIT", "LIMIT %", "PROJECTED", "PROJ %", "EXHAUSTED AT"]],
    [for c in local.organization_counters : [
      c,
      local.quota[c].used == null ? "-" : tostring(local.quota[c].used),
      local.quota[c].unlimited ? "Unlimited" : tostring(local.quota[c].limit),
      local.quota[c].percent_used == null ? "-" : format("%.2f%%", local.quota[c].percent_used),
      local.quota[c].projected == null ? "-" : tostring(local.quota[c].projected),
      local.quota[c].projected_percent == null ? "-" : format("%.2f%%", local.quota[c].projected_percent),
      coalesce(local.quota[c].exhausted_at, "-"),
    ]],
  )
  quota_table = join("\n", concat([local.quota_heading, local.quota_forecast], [for row in local.quota_rows : format("  %-14s %14s %14s %9s %14s %9s %20s", row...)]))
}

# What this billing cycle has cost so far, from the upcoming invoice, and whether a payment failed.
data "turso_organization_invoices" "this" {}

locals {
  invoices = data.turso_organization_invoices.this
  invoice_line = format("Upcoming invoice: $%s so far this billing cycle; %d issued, $%s unpaid, %s",
    local.invoices.upcoming_amount_due,
    length(local.invoices.issued),
    local.invoices.unpaid_amount,
    local.invoices.payment_failed ? "a payment FAILED" : "no failed payment",
  )
}

# Each group's totals, and each database's blocks and protection, from the database list that the
# usage already reads; "-" where the list has no value.
locals {
  group_rows = concat(
    [concat(["group", "databases"], local.database_counters)],
    try([for name, g in local.org.groups : concat(
      [name, tostring(g.databases)],
      [for c in local.database_counters : g[c] == null ? "-" : tostring(g[c])],
    )], []),
  )
  group_table = join("\n", [for row in local.group_rows : format("%-20s %10s %14s %14s %14s %14s", row...)])

  flag = { "true" = "BLOCKED", "false" = "allowed" }
  block_rows = concat(
    [["database", "region", "reads", "writes", "delete_protection"]],
    [for db in local.org.databases : [
      coalesce(db.name, "-"),
      coalesce(db.primary_region, "-"),
      db.block_reads == null ? "-" : local.flag[tostring(db.block_reads)],
      db.block_writes == null ? "-" : local.flag[tostring(db.block_writes)],
      db.delete_protection == null ? "-" : tostring(db.delete_protection),
    ]],
  )
  block_table = join("\n", [for row in local.block_rows : format("%-20s %-16s %-8s %-8s %s", row...)])
}

output "report" {
  description = "What `make demo` prints: add a table to this list to show it too."
  value       = join("\n\n", [local.organization_table, local.quota_table, local.database_table, local.group_table, local.block_table, local.invoice_line])
}
