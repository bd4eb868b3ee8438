# How much one database read and wrote in the last 24 hours. plantimestamp() is the time of the plan,
# so the window moves with every run.
variable "database" {
  description = "The database's name, as `turso db list` shows it."
  type        = string
  default     = "orders-prod"
}

data "turso_database_usage" "last_day" {
  database = var.database
  from     = timeadd(plantimestamp(), "-24h")
  to       = plantimestamp()
}

output "rows_read_last_24_hours" {
  value = data.turso_database_usage.last_day.total.rows_read
}

output "rows_written_last_24_hours" {
  value = data.turso_database_usage.last_day.total.rows_written
}

# Without from and to, the window is the current calendar month.
data "turso_database_usage" "this_month" {
  database = var.database
}

output "storage_bytes" {
  value = data.turso_database_usage.this_month.total.storage_bytes
}
