# The provider's own token: no organization, no arguments.
data "turso_api_token" "this" {}

output "token_expires_at" {
  description = "When the provider's token expires (RFC 3339, UTC), or \"never\"."
  value       = data.turso_api_token.this.never_expires ? "never" : data.turso_api_token.this.expires_at
}
