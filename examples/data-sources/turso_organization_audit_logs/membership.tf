# Every membership change of the last seven days, as an output: who joined, who was removed, who left.
data "turso_organization_audit_logs" "membership" {
  since = timeadd(plantimestamp(), "-168h")
  codes = ["org-member-add", "org-member-rm", "org-member-leave"]
}

output "membership_changes_this_week" {
  description = "Membership changes, newest first."
  value = [
    for e in data.turso_organization_audit_logs.membership.entries : {
      at     = e.created_at
      change = e.code
      by     = e.author
      member = try(jsondecode(e.data).username, null)
    }
  ]
}

output "membership_changes_truncated" {
  description = "Whether the week held more changes than the read's limit returned."
  value       = data.turso_organization_audit_logs.membership.truncated
}
