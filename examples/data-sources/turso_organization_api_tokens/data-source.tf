# The organization defaults to the provider's; set `organization` to read another one. Read it with a
# token of an owner or an admin to see every token, with its owner.
data "turso_organization_api_tokens" "this" {}

output "token_names" {
  description = "The names of the tokens the API lists."
  value       = data.turso_organization_api_tokens.this.tokens[*].name
}

output "organization_wide_tokens" {
  description = "The tokens that are not scoped to a group, by name, with their age in days and their owner."
  value = {
    for t in data.turso_organization_api_tokens.this.tokens : t.name => {
      age_days = t.age_days
      owner    = t.owner_username
    } if t.group == null
  }
}
