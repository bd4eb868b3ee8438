# Warn, without failing the run, when one database reads more rows in a day than its budget allows.
variable "database" {
  description = "The database to watch, as `turso db list` names it."
  type        = string
  default     = "orders-prod"
}

variable "daily_rows_read_budget" {
  description = "Rows the database may read in 24 hours."
  type        = number
  default     = 200000000
}

check "daily_rows_read" {
  # A data source scoped to the check: if the API cannot be reached, the check warns instead of
  # failing the plan.
  data "turso_database_usage" "last_day" {
    database = var.database
    from     = timeadd(plantimestamp(), "-24h")
    to       = plantimestamp()
  }

  assert {
    condition = coalesce(data.turso_database_usage.last_day.total.rows_read, 0) <= var.daily_rows_read_budget
    error_message = format(
      "Database %s read %d rows in the 24 hours since %s, over its budget of %d.",
      var.database,
      data.turso_database_usage.last_day.total.rows_read,
      data.turso_database_usage.last_day.from,
      var.daily_rows_read_budget,
    )
  }
}
