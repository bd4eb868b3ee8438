# Warn, without failing the run, when a counter is on course to pass its quota before the quota
# resets. Early in a month the forecast rests on a few days of usage, so the check stays quiet until
# a tenth of the billing cycle is past.
variable "forecast_after_fraction" {
  description = "Warn only once this part of the billing cycle is past, from 0 to 1."
  type        = number
  default     = 0.1
}

locals {
  turso_forecast_counters = ["rows_read", "rows_written", "bytes_synced"]
}

check "turso_quota_forecast" {
  data "turso_organization_quota" "forecast" {}

  assert {
    # will_exceed is null when the API omits a limited counter: coalesce() counts it as on track.
    condition = data.turso_organization_quota.forecast.elapsed_fraction <= var.forecast_after_fraction || !anytrue([
      for m in local.turso_forecast_counters :
      coalesce(data.turso_organization_quota.forecast[m].will_exceed, false)
    ])
    error_message = format(
      "At the rate so far, Turso organization %s passes its %s plan's quota before it resets at %s: %s.",
      data.turso_organization_quota.forecast.organization,
      data.turso_organization_quota.forecast.plan,
      data.turso_organization_quota.forecast.resets_at,
      join(", ", [
        for m in local.turso_forecast_counters :
        format(
          "%s at %s (%.0f%% of the quota by the end of the cycle)",
          m,
          data.turso_organization_quota.forecast[m].exhausted_at,
          data.turso_organization_quota.forecast[m].projected_percent,
        )
        if coalesce(data.turso_organization_quota.forecast[m].will_exceed, false)
      ]),
    )
  }
}
