variable "name" {
  type        = string
  description = "DB instance identifier and name prefix, e.g. `parley-production`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.name)) && !endswith(var.name, "-") && !strcontains(var.name, "--")
    error_message = "name must be 1-63 lower-case letters, digits and single dashes, start with a letter and not end with a dash."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the instance."

  validation {
    condition     = can(regex("^vpc-", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "subnet_group_name" {
  type        = string
  description = "DB subnet group over the three AZs' database subnets."

  validation {
    condition     = length(var.subnet_group_name) > 0
    error_message = "subnet_group_name must not be empty."
  }
}

variable "engine_major_version" {
  type        = string
  description = "PostgreSQL major version (RDS picks the newest minor and upgrades minors itself). Parley's Flyway migrations run on 14 and later; the compose stack uses 16."
  default     = "16"

  validation {
    condition     = contains(["14", "15", "16", "17"], var.engine_major_version)
    error_message = "engine_major_version must be 14, 15, 16 or 17."
  }
}

variable "instance_class" {
  type        = string
  description = "Instance class, e.g. `db.t4g.micro` (staging) or `db.m7g.large` (production)."

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.instance_class))
    error_message = "instance_class must look like db.m7g.large."
  }
}

variable "username" {
  type        = string
  description = "Master user name (PARLEY_DB_USER). Its password is generated and stored by RDS in Secrets Manager."
  default     = "parley"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.username)) && !contains(["postgres", "rdsadmin", "admin"], var.username)
    error_message = "username must be 1-63 lower-case letters, digits and underscores, start with a letter, and not be a reserved name."
  }
}

variable "multi_az" {
  type        = bool
  description = "A synchronous standby in another AZ with automatic failover. Keep true outside throw-away environments."
  default     = true

  validation {
    condition     = var.multi_az == true || var.multi_az == false
    error_message = "multi_az must be true or false."
  }
}

variable "allocated_storage_gib" {
  type        = number
  description = "Initial gp3 storage in GiB."

  validation {
    condition     = var.allocated_storage_gib >= 20 && var.allocated_storage_gib <= 65536
    error_message = "allocated_storage_gib must be between 20 and 65536."
  }
}

variable "max_allocated_storage_gib" {
  type        = number
  description = "Upper bound of RDS storage autoscaling in GiB."

  validation {
    condition     = var.max_allocated_storage_gib >= var.allocated_storage_gib && var.max_allocated_storage_gib <= 65536
    error_message = "max_allocated_storage_gib must be at least allocated_storage_gib and at most 65536."
  }
}

variable "backup_retention_days" {
  type        = number
  description = "Automated backup (point-in-time recovery) retention in days."
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 1 and 35."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the instance (turn off deliberately before a destroy)."
  default     = true

  validation {
    condition     = var.deletion_protection == true || var.deletion_protection == false
    error_message = "deletion_protection must be true or false."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for storage and for the RDS-managed master secret; null uses the AWS-managed keys."
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of this module."
  default     = {}

  validation {
    condition     = alltrue([for k, _ in var.tags : length(k) <= 128])
    error_message = "Tag keys must be at most 128 characters."
  }
}
