resource "aws_rds_cluster" "orders" {
  cluster_identifier          = "orders"
  engine                      = "aurora-postgresql"
  engine_version              = "15.4"
  master_username             = "orders"
  manage_master_user_password = true
}

resource "aws_db_instance" "legacy" {
  identifier                  = "legacy-mysql"
  engine                      = "mysql"
  instance_class              = "db.t3.small"
  allocated_storage           = 20
  username                    = "admin"
  manage_master_user_password = true
  storage_encrypted           = false
}

resource "aws_db_instance" "legacy_replica" {
  identifier          = "legacy-mysql-replica"
  instance_class      = "db.t3.small"
  replicate_source_db = aws_db_instance.legacy.identifier
}
