# An output for a dashboard or a monitoring job: `terraform output -json` hands it over as JSON.
# The invoice links are sensitive (anyone with one can open the invoice), so they are left out.
data "turso_organization_invoices" "dashboard" {}

output "last_six_invoices" {
  description = "The six most recent issued invoices, newest first."
  value = [
    for inv in slice(data.turso_organization_invoices.dashboard.issued, 0, min(6, length(data.turso_organization_invoices.dashboard.issued))) : {
      number   = coalesce(inv.number, "-")
      amount   = inv.amount_due_text
      due_date = coalesce(inv.due_date, "-")
      status   = coalesce(inv.status, "-")
      paid     = inv.paid_at != null
    }
  ]
}
