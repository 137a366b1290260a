locals {
  name = "acme-static-site"
}

resource "aws_s3_bucket" "site" {
  bucket = local.name

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }

  versioning {
    enabled = true
  }
}

resource "aws_s3_bucket" "assets" {
  bucket = "acme-assets"

  server_side_encryption_configuration {
    rule {
      apply_server_side_encryption_by_default {
        sse_algorithm = "AES256"
      }
    }
  }

  versioning {
    enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = "acme-assets"
  block_public_acls       = true
  block_public_policy     = false
  ignore_public_acls      = true
}
