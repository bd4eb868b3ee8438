# Warn, without stopping the run, when an organization-wide token is older than 90 days: rotate it.
# The API keeps no expiry and no last use of a token, so its age is the measure.
variable "max_token_age_days" {
  description = "The most days an organization-wide token may live before it is rotated."
  type        = number
  default     = 90
}

check "turso_token_rotation" {
  data "turso_organization_api_tokens" "rotation" {}

  assert {
    condition = alltrue([
      for t in data.turso_organization_api_tokens.rotation.tokens : t.age_days <= var.max_token_age_days if t.group == null
    ])
    error_message = format(
      "Turso organization %s has organization-wide tokens older than %d days: %s. Mint new ones and revoke these.",
      data.turso_organization_api_tokens.rotation.organization,
      var.max_token_age_days,
      join(", ", [
        for t in data.turso_organization_api_tokens.rotation.tokens :
        format("%s (%d days, minted by %s)", t.name, t.age_days, coalesce(t.owner_username, "unknown"))
        if t.group == null && t.age_days > var.max_token_age_days
      ]),
    )
  }
}
