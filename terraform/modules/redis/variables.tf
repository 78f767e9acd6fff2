variable "name" {
  type        = string
  description = "Replication group id and name prefix, e.g. `parley-production` (at most 40 characters)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,39}$", var.name)) && !endswith(var.name, "-")
    error_message = "name must be 1-40 lower-case letters, digits and dashes, start with a letter and not end with a dash."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the replication group."

  validation {
    condition     = can(regex("^vpc-", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "subnet_group_name" {
  type        = string
  description = "ElastiCache subnet group spanning the three AZs' private subnets."

  validation {
    condition     = length(var.subnet_group_name) > 0
    error_message = "subnet_group_name must not be empty."
  }
}

variable "engine_version" {
  type        = string
  description = "Valkey engine version (7.2 or later: sharded pub/sub, SPUBLISH/SSUBSCRIBE)."
  default     = "8.0"

  validation {
    condition     = can(regex("^(7\\.2|8\\.[0-9]+)$", var.engine_version))
    error_message = "engine_version must be a Valkey version of 7.2 or later, e.g. 8.0."
  }
}

variable "node_type" {
  type        = string
  description = "Cache node type, e.g. `cache.t4g.small` (staging) or `cache.r7g.large` (production)."

  validation {
    condition     = can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.node_type))
    error_message = "node_type must look like cache.r7g.large."
  }
}

variable "node_count" {
  type        = number
  description = "Nodes in the one shard: the primary plus replicas in other AZs. 2 or more turns on automatic failover and Multi-AZ."

  validation {
    condition     = var.node_count >= 1 && var.node_count <= 6
    error_message = "node_count must be between 1 and 6 (a primary and up to five replicas)."
  }
}

variable "snapshot_retention_days" {
  type        = number
  description = "Daily snapshots kept (0 = none). Parley's Redis holds only ephemeral state, so snapshots are optional."
  default     = 1

  validation {
    condition     = var.snapshot_retention_days >= 0 && var.snapshot_retention_days <= 35
    error_message = "snapshot_retention_days must be between 0 and 35."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for encryption at rest and for the token's secret; null uses AWS-managed keys."
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN."
  }
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days a deleted secret can still be restored (0 deletes at once; 7-30 otherwise)."
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the slow-log group in days."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention period CloudWatch Logs accepts."
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
