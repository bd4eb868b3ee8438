# Warn, without failing the run, when a production database can be deleted.
variable "production_suffix" {
  description = "The end of every production database's name."
  type        = string
  default     = "-prod"
}

data "turso_organization_usage" "production_names" {
  include_instances = false
}

# One read per production database. A name is null for a database created or deleted between the
# usage and list reads.
locals {
  production_databases = sort([
    for db in data.turso_organization_usage.production_names.databases : db.name
    if try(endswith(db.name, var.production_suffix), false)
  ])
}

data "turso_database_configuration" "production" {
  count    = length(local.production_databases)
  database = local.production_databases[count.index]
}

check "production_databases_delete_protected" {
  assert {
    condition = alltrue([for c in data.turso_database_configuration.production : coalesce(c.delete_protection, false)])
    error_message = format(
      "Production databases without delete protection: %s. Protect them with `turso db config delete-protection enable NAME`.",
      join(", ", [for c in data.turso_database_configuration.production : c.database if !coalesce(c.delete_protection, false)]),
    )
  }
}
