resource "aws_db_instance" "reporting" {
  identifier             = "reporting"
  engine                 = "postgres"
  engine_version         = "16.3"
  instance_class         = "db.t4g.medium"
  allocated_storage      = 50
  username               = "reporting"
  manage_master_user_password = true
  storage_encrypted      = true
  publicly_accessible    = false
  skip_final_snapshot    = false
}
