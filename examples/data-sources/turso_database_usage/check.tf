# Warn, without failing the run, when one database reads more rows in a day than its budget allows.
variable "watched_database" {
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
  data "turso_database_usage" "watched_last_day" {
    database = var.watched_database
    from     = timeadd(plantimestamp(), "-24h")
    to       = plantimestamp()
  }

  assert {
    # A count the API leaves out is null: coalesce() counts it as 0, in the message too, which
    # Terraform evaluates even when the condition holds.
    condition = coalesce(data.turso_database_usage.watched_last_day.total.rows_read, 0) <= var.daily_rows_read_budget
    error_message = format(
      "Database %s read %d rows in the 24 hours since %s, over its budget of %d.",
      var.watched_database,
      coalesce(data.turso_database_usage.watched_last_day.total.rows_read, 0),
      data.turso_database_usage.watched_last_day.from,
      var.daily_rows_read_budget,
    )
  }
}
