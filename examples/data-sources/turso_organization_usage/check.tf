# Warn, without failing the run, once rows read this billing cycle pass 80% of a budget.
variable "rows_read_budget" {
  description = "Rows read you budget for one billing cycle, for example your plan's limit (`turso plan show`)."
  type        = number
  default     = 1000000000
}

check "rows_read_budget" {
  # A data source scoped to the check: if the API cannot be reached, the check warns instead of
  # failing the plan. Every plan prints it in full, so it reads only the organization's counters.
  data "turso_organization_usage" "now" {
    include_databases = false
  }

  assert {
    # A count the API leaves out is null: coalesce() counts it as 0, in the message too, which
    # Terraform evaluates even when the condition holds.
    condition = coalesce(data.turso_organization_usage.now.usage.rows_read, 0) < 0.8 * var.rows_read_budget
    error_message = format(
      "Rows read this billing cycle are at %.0f%% of the budget: %d of %d.",
      100 * coalesce(data.turso_organization_usage.now.usage.rows_read, 0) / var.rows_read_budget,
      coalesce(data.turso_organization_usage.now.usage.rows_read, 0),
      var.rows_read_budget,
    )
  }
}
