# Warn, without failing the run, when any database is blocked for writes: a block of its own, which
# the database list reports besides the organization's (turso_organization_quota's blocked_writes).
#
# The check needs every database, so the data source stays outside the check block: a plan prints a
# data source scoped to a check in full, every database with it. The price: a failed read fails the
# plan instead of warning. Its instances are not needed.
data "turso_organization_usage" "blocks" {
  include_instances = false
}

check "no_database_blocked_for_writes" {
  assert {
    # block_writes is null for a database the list does not have: it counts as not blocked.
    condition = length([
      for db in data.turso_organization_usage.blocks.databases : db
      if coalesce(db.block_writes, false)
    ]) == 0
    error_message = format(
      "Blocked for writes: %s. Writes to these databases fail with a BLOCKED error until the block is lifted.",
      join(", ", [
        for db in data.turso_organization_usage.blocks.databases : coalesce(db.name, db.uuid)
        if coalesce(db.block_writes, false)
      ]),
    )
  }
}
