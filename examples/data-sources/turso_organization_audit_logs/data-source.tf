# What changed in the organization in the last 24 hours, and who did it. The read stops at the first
# entry older than `since`: an active organization's day costs one or two requests.
data "turso_organization_audit_logs" "last_day" {
  since = timeadd(plantimestamp(), "-24h")
}

output "changes_last_24_hours" {
  description = "How many entries of each code the last 24 hours hold."
  value       = data.turso_organization_audit_logs.last_day.counts
}

# The newest ten database deletions, whenever they happened: with `codes`, the read goes on past
# entries of other codes until `limit` are in or the log ends.
data "turso_organization_audit_logs" "newest_deletions" {
  codes = ["db-delete"]
  limit = 10
}

output "deleted_databases" {
  description = "The deleted databases' names, newest first, from each entry's data (\"?\" where it has none)."
  value       = [for e in data.turso_organization_audit_logs.newest_deletions.entries : try(jsondecode(e.data).name, "?")]
}
