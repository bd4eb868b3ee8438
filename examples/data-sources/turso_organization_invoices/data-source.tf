# The organization defaults to the provider's; set `organization` to read another one.
data "turso_organization_invoices" "this" {}

output "upcoming_amount_due" {
  description = "What the current billing cycle has cost so far, in US dollars; 0 when nothing is upcoming."
  value       = data.turso_organization_invoices.this.upcoming_amount_due
}

output "payment_failed" {
  description = "Whether an issued invoice has a failed payment and is still unpaid."
  value       = data.turso_organization_invoices.this.payment_failed
}

output "unpaid_amount" {
  description = "The sum of the issued invoices not paid yet, in US dollars."
  value       = data.turso_organization_invoices.this.unpaid_amount
}
