# Warn, without failing the run, when any database is blocked for writes: a block of its own, which
# the database list reports besides the organization's (turso_organization_quota's blocked_writes).
check "no_database_blocked_for_writes" {
  # A data source scoped to the check: if the API cannot be reached, the check warns instead of
  # failing the plan. Its instances are not needed.
  data "turso_organization_usage" "blocks" {
    include_instances = false
  }

  assert {
    # block_writes is null for a database the list does not have: it counts as not blocked.
    condition = length([
      for db in try(data.turso_organization_usage.blocks.databases, []) : db
      if coalesce(db.block_writes, false)
    ]) == 0
    error_message = format(
      "Blocked for writes: %s. Writes to these databases fail with a BLOCKED error until the block is lifted.",
      join(", ", [
        for db in try(data.turso_organization_usage.blocks.databases, []) : coalesce(db.name, db.uuid)
        if coalesce(db.block_writes, false)
      ]),
    )
  }
}
