# Warn, without failing the run, when a database's allow list names the whole internet.
variable "forbidden_networks" {
  description = "Networks no database may allow."
  type        = list(string)
  default     = ["0.0.0.0/0", "::/0"]
}

data "turso_organization_usage" "database_names" {
  include_instances = false
}

locals {
  database_names = sort([for db in data.turso_organization_usage.database_names.databases : db.name if db.name != null])
}

data "turso_database_configuration" "each" {
  count    = length(local.database_names)
  database = local.database_names[count.index]
}

locals {
  # A list the API leaves out (a deployment older than allow lists) is null: it counts as naming none.
  databases_allowing_forbidden_networks = sort([
    for c in data.turso_database_configuration.each : c.database
    if length(setintersection(toset(c.allowed_ips != null ? c.allowed_ips : []), toset(var.forbidden_networks))) > 0
  ])
}

check "no_database_allows_forbidden_networks" {
  assert {
    condition = length(local.databases_allowing_forbidden_networks) == 0
    error_message = format(
      "Databases whose allow list names %s: %s.",
      join(" or ", var.forbidden_networks),
      join(", ", local.databases_allowing_forbidden_networks),
    )
  }
}
