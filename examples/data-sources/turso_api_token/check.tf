# Warn, without stopping the run, when the pipeline's token has less than two weeks left, while there
# is still time to mint a new one. A token that never expires passes; its expiry and days left are
# null, and the message, which Terraform formats even when the check passes, coalesces them.
variable "min_token_days_left" {
  description = "The fewest days the provider's token should have left."
  type        = number
  default     = 14
}

check "turso_token_expiry" {
  data "turso_api_token" "pipeline" {}

  assert {
    condition = data.turso_api_token.pipeline.never_expires || coalesce(data.turso_api_token.pipeline.expires_in_days, 0) >= var.min_token_days_left
    error_message = format(
      "The Turso API token of this pipeline expires at %s, in %d days: mint a new one with `turso auth api-tokens mint NAME` before then.",
      coalesce(data.turso_api_token.pipeline.expires_at, "never"),
      coalesce(data.turso_api_token.pipeline.expires_in_days, 0),
    )
  }
}
