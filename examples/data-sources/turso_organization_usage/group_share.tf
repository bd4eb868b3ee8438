# Warn when the busiest database of a group reads more than a share of the whole organization's rows
# this billing cycle. The smallest read that answers it: one database, without its instances, while
# the organization's counters still cover every database.
variable "group" {
  description = "The group whose busiest database is watched."
  type        = string
  default     = "default"
}

variable "max_share_percent" {
  description = "The most of the organization's rows read that one database of the group may take, in percent."
  type        = number
  default     = 90
}

check "busiest_database_share" {
  data "turso_organization_usage" "busiest" {
    database_groups   = [var.group]
    top_databases     = 1
    include_instances = false
  }

  assert {
    # A counter the API leaves out is null: coalesce() counts it as 0; an empty group keeps no database.
    condition = alltrue([
      for db in data.turso_organization_usage.busiest.databases :
      100 * coalesce(db.total.rows_read, 0) <= var.max_share_percent * coalesce(data.turso_organization_usage.busiest.usage.rows_read, 0)
    ])
    error_message = join(" ", [
      for db in data.turso_organization_usage.busiest.databases : format(
        "Database %s of group %s read %d rows this billing cycle, %.0f%% of the organization's %d, over the %d%% share.",
        coalesce(db.name, db.uuid), var.group, coalesce(db.total.rows_read, 0),
        100 * coalesce(db.total.rows_read, 0) / max(coalesce(data.turso_organization_usage.busiest.usage.rows_read, 0), 1),
        coalesce(data.turso_organization_usage.busiest.usage.rows_read, 0), var.max_share_percent,
      )
      if 100 * coalesce(db.total.rows_read, 0) > var.max_share_percent * coalesce(data.turso_organization_usage.busiest.usage.rows_read, 0)
    ])
  }
}
