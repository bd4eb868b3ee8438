# Warn, without failing the run, when writes are blocked or any metric passes a share of its quota.
variable "quota_warning_percent" {
  description = "Warn once any metric passes this percentage of its plan's quota."
  type        = number
  default     = 80
}

locals {
  turso_quota_metrics = ["storage_bytes", "rows_read", "rows_written", "bytes_synced", "databases", "locations", "groups"]
}

check "turso_quota" {
  # A data source scoped to the check: if the API cannot be reached, the check warns instead of
  # failing the plan.
  data "turso_organization_quota" "now" {}

  assert {
    # Null when the API leaves the flag out: coalesce() counts that as not blocked.
    condition     = !coalesce(data.turso_organization_quota.now.blocked_writes, false)
    error_message = "Writes to Turso organization ${data.turso_organization_quota.now.organization} are blocked: it is over its ${data.turso_organization_quota.now.plan} plan's quota."
  }

  assert {
    # An unlimited metric has no percentage: coalesce() counts it as 0%.
    condition = alltrue([
      for m in local.turso_quota_metrics :
      coalesce(data.turso_organization_quota.now[m].percent_used, 0) < var.quota_warning_percent
    ])
    error_message = format(
      "Past %d%% of the %s plan's quota: %s. Rows read, rows written and bytes synced start again from zero at %s.",
      var.quota_warning_percent,
      data.turso_organization_quota.now.plan,
      join(", ", [
        for m in local.turso_quota_metrics :
        format("%s at %.1f%%", m, data.turso_organization_quota.now[m].percent_used)
        if coalesce(data.turso_organization_quota.now[m].percent_used, 0) >= var.quota_warning_percent
      ]),
      data.turso_organization_quota.now.resets_at,
    )
  }
}
