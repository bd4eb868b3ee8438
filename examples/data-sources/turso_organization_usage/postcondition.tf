# Stop the run, before anything changes, when the organization stores more than a limit: a gate for
# CI pipelines that must not deploy into an organization that is about to be blocked.
variable "max_storage_bytes" {
  description = "The plan fails when the organization stores more than this many bytes."
  type        = number
  default     = 8000000000
}

data "turso_organization_usage" "gate" {
  include_databases = false

  lifecycle {
    postcondition {
      # Storage the API leaves out is null: coalesce() lets the run through.
      condition     = coalesce(self.usage.storage_bytes, 0) <= var.max_storage_bytes
      error_message = "The organization stores ${coalesce(self.usage.storage_bytes, 0)} bytes, over the limit of ${var.max_storage_bytes}. Free some storage or raise max_storage_bytes."
    }
  }
}

output "gated_storage_bytes" {
  value = data.turso_organization_usage.gate.usage.storage_bytes
}
