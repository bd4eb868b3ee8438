# One database's size limit, protection and allow lists, as `turso db config show` shows them.
data "turso_database_configuration" "orders" {
  database = "orders-prod"
}

output "size_limit_bytes" {
  description = "The size limit in bytes (\"10gb\" is 10000000000); null without a limit."
  value       = data.turso_database_configuration.orders.size_limit_bytes
}

output "allowed_ips" {
  description = "The networks allowed to reach the database, in the API's order."
  value       = data.turso_database_configuration.orders.allowed_ips
}

output "delete_protection" {
  value = data.turso_database_configuration.orders.delete_protection
}
