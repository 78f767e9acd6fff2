terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.28"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.7"
    }
    scylladbcloud = {
      source  = "scylladb/scylladbcloud"
      version = "~> 1.13"
    }
  }

  # State in S3 (encrypted, versioned, locked). The bucket and table are created once per account
  # (README, "From an empty account"); their names go in backend.hcl:
  #   terraform init -backend-config=backend.hcl
  backend "s3" {}
}
