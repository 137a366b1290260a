provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAWY6QM64M6VTEKX6O"
  secret_key = "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"
}

resource "aws_db_instance" "main" {
  engine   = "postgres"
  username = "app"
  password = "Harbor*4096quartz?"
}

resource "aws_db_instance" "replica" {
  username = "app"
  password = var.db_password
  kms_key_id = "arn:aws:kms:eu-west-1:123456789012:key/f86f1a8e-1e90-ffe0-6fa5-4eb0d3119fee"
}
variable "db_password" {
  type      = string
  sensitive = true
}
output "token_name" {
  value = "deploy-token"
}
provider "datadog" {
  api_key = "eccfc96771201cdc783bbf2e7800f144"
  app_key = data.vault_generic_secret.dd.data["app_key"]
}
