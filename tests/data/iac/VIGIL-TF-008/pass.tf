resource "aws_rds_cluster" "orders" {
  cluster_identifier          = "orders"
  engine                      = "aurora-postgresql"
  engine_version              = "15.4"
  master_username             = "orders"
  manage_master_user_password = true
  storage_encrypted           = true
  kms_key_id                  = aws_kms_key.rds.arn
}

resource "aws_db_instance" "legacy" {
  identifier                  = "legacy-mysql"
  engine                      = "mysql"
  instance_class              = "db.t3.small"
  allocated_storage           = 20
  username                    = "admin"
  manage_master_user_password = true
  storage_encrypted           = true
}

resource "aws_kms_key" "rds" {
  enable_key_rotation = true
}
