# Warn, without failing the run, when a database was deleted in the last 24 hours.
check "no_database_deleted_last_24_hours" {
  # A data source scoped to the check: if the API cannot be reached, or the plan has no audit logs,
  # the check warns instead of failing the plan.
  data "turso_organization_audit_logs" "deletions" {
    since = timeadd(plantimestamp(), "-24h")
    codes = ["db-delete"]
  }

  assert {
    condition = length(data.turso_organization_audit_logs.deletions.entries) == 0
    error_message = format(
      "Deleted in the last 24 hours: %s.",
      join(", ", [
        for e in data.turso_organization_audit_logs.deletions.entries :
        format("%s by %s at %s", try(jsondecode(e.data).name, "?"), coalesce(e.author, "?"), e.created_at)
      ]),
    )
  }
}
