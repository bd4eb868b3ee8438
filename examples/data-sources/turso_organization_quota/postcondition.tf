# Stop the run, before anything changes, when the organization is over a quota that blocks writes:
# a gate for CI pipelines that must not deploy into an organization whose writes fail with BLOCKED.
# With overages on, usage past a quota is billed instead of blocked, so the gate lets it through.
data "turso_organization_quota" "gate" {
  lifecycle {
    postcondition {
      # overages and exceeded are null when the API leaves them out: coalesce() counts that as off.
      condition = coalesce(self.overages, false) || !(coalesce(self.rows_written.exceeded, false) || coalesce(self.storage_bytes.exceeded, false))
      error_message = format(
        "Turso organization %s is over its %s plan's quota for %s. Writes fail until the quotas reset on the first day of next month (UTC): upgrade the plan or turn on overages.",
        self.organization,
        self.plan,
        join(" and ", [
          for name, m in { "rows written" = self.rows_written, "storage" = self.storage_bytes } :
          format("%s (%d of %d)", name, m.used, m.limit) if coalesce(m.exceeded, false)
        ]),
      )
    }
  }
}

output "rows_written_remaining" {
  description = "Rows that can still be written this billing cycle; null when unlimited."
  value       = data.turso_organization_quota.gate.rows_written.remaining
}
