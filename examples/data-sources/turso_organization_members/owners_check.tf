# Warn, without stopping the run, when more members own the organization than they should: an owner
# can delete it, change its plan and add other owners.
variable "max_owners" {
  description = "The most owners the organization should have."
  type        = number
  default     = 2
}

check "turso_owners" {
  data "turso_organization_members" "owners" {}

  assert {
    condition = data.turso_organization_members.owners.role_counts["owner"] <= var.max_owners
    error_message = format(
      "Turso organization %s has %d owners (%s), more than %d.",
      data.turso_organization_members.owners.organization,
      data.turso_organization_members.owners.role_counts["owner"],
      join(", ", [for m in data.turso_organization_members.owners.members : m.username if m.role == "owner"]),
      var.max_owners,
    )
  }
}
