# The five queries of one database that read the most rows in the 24 hours before the read, as
# `turso db inspect --queries` shows them.
variable "database" {
  description = "The database's name, as `turso db list` shows it."
  type        = string
  default     = "orders-prod"
}

data "turso_database_top_queries" "this" {
  database = var.database
  limit    = 5
}

# Query text carries the literals the application sent (e-mail addresses, ids): an output that shows
# it must be sensitive. `terraform output -json most_expensive_queries` prints it.
output "most_expensive_queries" {
  value = [
    for q in data.turso_database_top_queries.this.queries :
    { query = q.query, rows_read = q.rows_read, rows_written = q.rows_written }
  ]
  sensitive = true
}

output "rows_read_by_most_expensive_queries" {
  value = data.turso_database_top_queries.this.total_rows_read
}

output "top_queries_source" {
  value = data.turso_database_top_queries.this.source
}
