# The 10 databases that read the most rows this billing cycle, most first: the provider ranks them
# and hands Terraform only those 10, so the plan costs the same for 50 databases or 50,000.
data "turso_organization_usage" "top" {
  top_databases     = 10
  top_databases_by  = "rows_read"
  include_instances = false
}

output "top_10_databases_by_rows_read" {
  description = "The 10 databases that read the most rows this billing cycle, most first."
  value = [
    for db in data.turso_organization_usage.top.databases : {
      # A database created or deleted between the usage and the database list has no name.
      name      = coalesce(db.name, db.uuid)
      rows_read = db.total.rows_read
    }
  ]
}
