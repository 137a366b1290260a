resource "aws_cloudtrail" "main" {
  name                          = "main"
  s3_bucket_name                = "acme-cloudtrail"
  include_global_service_events = true
  enable_logging                = false
}
