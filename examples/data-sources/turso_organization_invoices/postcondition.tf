# Stop the run, before anything changes, while a payment to Turso has failed and is still unpaid:
# Turso may suspend an organization that does not pay, and a deploy should not go out into it.
data "turso_organization_invoices" "gate" {
  lifecycle {
    postcondition {
      condition = !self.payment_failed
      error_message = format(
        "A payment to Turso failed for organization %s and is still unpaid (%s; $%.2f unpaid in all). Update the payment method in the Turso dashboard, then run again.",
        self.organization,
        join(", ", [
          for inv in self.issued : format("invoice %s of $%.2f", coalesce(inv.number, "without a number"), inv.amount_due)
          if inv.payment_failed_at != null && inv.paid_at == null
        ]),
        self.unpaid_amount,
      )
    }
  }
}

output "unpaid_invoices" {
  description = "How many issued invoices are not paid yet."
  value       = length([for inv in data.turso_organization_invoices.gate.issued : inv if inv.paid_at == null])
}
