# One database's usage over the current billing cycle: from 00:00 UTC on the first of the month to
# the first of the next, the window turso_organization_quota counts. plantimestamp() is the time of
# the plan, so the window moves with the calendar.
variable "cycle_database" {
  description = "The database's name, as `turso db list` shows it."
  type        = string
  default     = "orders-prod"
}

locals {
  billing_cycle = provider::turso::billing_period(plantimestamp())
}

data "turso_database_usage" "billing_cycle" {
  database = var.cycle_database
  from     = local.billing_cycle.from
  to       = local.billing_cycle.to
}

output "billing_cycle" {
  description = "The cycle's bounds, and how much of it is past."
  value       = local.billing_cycle
}

output "database_rows_read_projected" {
  description = "The database's rows read by the end of the cycle at its rate so far (0 when the API sent none)."
  value = provider::turso::forecast(
    coalesce(data.turso_database_usage.billing_cycle.total.rows_read, 0), null, plantimestamp()
  ).projected
}
