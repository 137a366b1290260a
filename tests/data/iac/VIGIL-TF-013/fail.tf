resource "aws_kms_key" "app" {
  description             = "application data"
  deletion_window_in_days = 30
}

resource "aws_kms_key" "signing" {
  description              = "release signing"
  customer_master_key_spec = "RSA_4096"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_kms_key" "backup" {
  description         = "backups"
  enable_key_rotation = false
}
