# Warn, without stopping the run, when this billing cycle has already cost more than a budget. Turso
# has no spending cap: on a plan with overages, usage past the plan is billed, and this is the alarm.
variable "monthly_budget_usd" {
  description = "The most the organization should cost in one billing cycle, in US dollars."
  type        = number
  default     = 100
}

check "turso_spend" {
  data "turso_organization_invoices" "budget" {}

  assert {
    condition = data.turso_organization_invoices.budget.upcoming_amount_due <= var.monthly_budget_usd
    error_message = format(
      "Turso organization %s has cost $%.2f so far this billing cycle, past the budget of $%.2f.",
      data.turso_organization_invoices.budget.organization,
      data.turso_organization_invoices.budget.upcoming_amount_due,
      var.monthly_budget_usd,
    )
  }
}
