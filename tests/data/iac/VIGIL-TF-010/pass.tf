terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region  = "eu-west-1"
  profile = "deploy"
  assume_role {
    role_arn = "arn:aws:iam::123456789012:role/terraform"
  }
}

variable "aws_secret_key" {
  type      = string
  sensitive = true
}
