# The organization's rows written at the end of the billing cycle, at the rate so far: the same
# arithmetic as the quota's own forecast, here taken at the time of the plan.
data "turso_organization_quota" "forecast_example" {}

locals {
  rows_written_forecast = provider::turso::forecast(
    # used is null when the API omits it; limit is null when the plan sets none (unlimited).
    coalesce(data.turso_organization_quota.forecast_example.rows_written.used, 0),
    data.turso_organization_quota.forecast_example.rows_written.limit,
    plantimestamp(),
  )
}

output "rows_written_projected" {
  value = local.rows_written_forecast.projected
}

output "rows_written_will_exceed" {
  value = local.rows_written_forecast.will_exceed
}
