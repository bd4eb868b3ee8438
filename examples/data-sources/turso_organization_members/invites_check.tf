# Warn, without stopping the run, when an invite has been pending for more than a week: someone
# forgot it, or it went to the wrong address. On a plan without invites the list is null, which a
# splat refuses: try makes it empty. (A function or a conditional over the whole list would make it,
# and so the message, sensitive, for the e-mail addresses in it.)
variable "max_invite_age_days" {
  description = "The most days an invite may stay pending."
  type        = number
  default     = 7
}

check "turso_stale_invites" {
  data "turso_organization_members" "invites" {}

  assert {
    condition = alltrue([
      for i in try(data.turso_organization_members.invites.invites[*], []) : i.age_days <= var.max_invite_age_days
    ])
    error_message = format(
      "Turso organization %s has invites pending for more than %d days: %s. Revoke or resend them.",
      data.turso_organization_members.invites.organization,
      var.max_invite_age_days,
      join(", ", [
        for i in try(data.turso_organization_members.invites.invites[*], []) :
        format("%s as %s, %d days", i.id, i.role, i.age_days) if i.age_days > var.max_invite_age_days
      ]),
    )
  }
}
