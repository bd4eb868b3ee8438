# Warn, without failing the run, when a group reads more rows in the billing cycle than its budget.
variable "group_rows_read_budgets" {
  description = "Rows each group may read in a billing cycle, by group name. A group not listed has no budget."
  type        = map(number)
  default = {
    default = 200000000
    eu      = 10000000
  }
}

# The groups' totals need every database, so the data source stays outside the check block: a plan
# prints a data source scoped to a check in full, every database with it. The price: a failed read
# fails the plan instead of warning.
data "turso_organization_usage" "by_group" {
  include_instances = false
}

check "group_rows_read_budgets" {
  assert {
    # A group's rows_read is null when one of its databases has none: it counts as within budget. A
    # budgeted group absent from this read (no database in it) is within budget too.
    condition = alltrue([
      for group, budget in var.group_rows_read_budgets :
      coalesce(try(data.turso_organization_usage.by_group.groups[group].rows_read, null), 0) <= budget
    ])
    error_message = join(" ", [
      for group, budget in var.group_rows_read_budgets :
      format("Group %s read %d rows this billing cycle, over its budget of %d.", group, data.turso_organization_usage.by_group.groups[group].rows_read, budget)
      if coalesce(try(data.turso_organization_usage.by_group.groups[group].rows_read, null), 0) > budget
    ])
  }
}
