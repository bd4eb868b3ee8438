terraform {
  required_providers {
    turso = {
      source = "turso-terraform/turso"
    }
  }
}

# The token comes from the TURSO_API_TOKEN environment variable: a platform API token minted with
# `turso auth api-tokens mint NAME`. Keep it out of configuration files and version control.
provider "turso" {
  organization = var.turso_organization
}

variable "turso_organization" {
  description = "The slug of the Turso organization to read (`turso org list` shows it)."
  type        = string
}

data "turso_organization_usage" "this" {}

output "rows_read_this_cycle" {
  value = data.turso_organization_usage.this.usage.rows_read
}
