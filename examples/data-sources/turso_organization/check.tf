# Warn, without stopping the run, when the organization lets its members in without multi-factor
# authentication. A value the API leaves out is null, which fails the check too.
check "turso_mfa_required" {
  data "turso_organization" "mfa" {}

  assert {
    condition = data.turso_organization.mfa.require_mfa == true
    error_message = format(
      "Turso organization %s does not require multi-factor authentication: turn it on in the organization's settings.",
      data.turso_organization.mfa.organization,
    )
  }
}
