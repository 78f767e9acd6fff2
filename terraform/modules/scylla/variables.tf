variable "name" {
  type        = string
  description = "Name of the ScyllaDB Cloud cluster and prefix of the secret, e.g. `parley-production`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name))
    error_message = "name must be 2-41 lower-case letters, digits and dashes, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "AWS region of the cluster: the same as the VPC it is peered with, so CQL stays in-region."

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "node_type" {
  type        = string
  description = "Storage-optimised instance type of the nodes (local NVMe), e.g. `i4i.large` (staging) or `i4i.2xlarge` (production)."

  validation {
    condition     = can(regex("^i[0-9][a-z]*\\.[a-z0-9]+$", var.node_type))
    error_message = "node_type must be a storage-optimised i-family instance type such as i4i.xlarge."
  }
}

variable "node_count" {
  type        = number
  description = "Nodes of the cluster (min_nodes): a multiple of 3, one per AZ, so keyspace replication 3 survives an AZ."
  default     = 3

  validation {
    condition     = var.node_count >= 3 && var.node_count % 3 == 0
    error_message = "node_count must be a positive multiple of 3 (at least 3)."
  }
}

variable "cidr_block" {
  type        = string
  description = "CIDR of the cluster's own VPC at ScyllaDB Cloud; must not overlap the peered VPC."

  validation {
    condition     = can(cidrhost(var.cidr_block, 0))
    error_message = "cidr_block must be a valid IPv4 CIDR block."
  }
}

variable "scylla_version" {
  type        = string
  description = "ScyllaDB version to run; null takes ScyllaDB Cloud's current default."
  default     = null

  validation {
    condition     = var.scylla_version == null || can(regex("^[0-9]+\\.[0-9]+(\\.[0-9]+)?$", var.scylla_version))
    error_message = "scylla_version must be null or a version such as 2025.1.0."
  }
}

variable "backup_retention_days" {
  type        = number
  description = "Days ScyllaDB Cloud keeps the backups of a deleted cluster (0-60)."
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 0 && var.backup_retention_days <= 60
    error_message = "backup_retention_days must be between 0 and 60."
  }
}

variable "peer_vpc_id" {
  type        = string
  description = "Our VPC, peered with the cluster's."

  validation {
    condition     = can(regex("^vpc-", var.peer_vpc_id))
    error_message = "peer_vpc_id must be a VPC id (vpc-...)."
  }
}

variable "peer_vpc_cidr_block" {
  type        = string
  description = "CIDR of our VPC (the cluster allows CQL from it)."

  validation {
    condition     = can(cidrhost(var.peer_vpc_cidr_block, 0))
    error_message = "peer_vpc_cidr_block must be a valid IPv4 CIDR block."
  }
}

variable "peer_account_id" {
  type        = string
  description = "AWS account id owning our VPC."

  validation {
    condition     = can(regex("^[0-9]{12}$", var.peer_account_id))
    error_message = "peer_account_id must be a 12-digit AWS account id."
  }
}

variable "private_route_table_ids" {
  type        = list(string)
  description = "Route tables of the private subnets; each gets a route to the cluster through the peering."

  validation {
    condition     = length(var.private_route_table_ids) >= 1
    error_message = "At least one private route table is needed."
  }
}

variable "cql_username" {
  type        = string
  description = "CQL user the services log in as (PARLEY_CQL_USERNAME). ScyllaDB Cloud's initial user is `scylla`; a dedicated role with rights on the keyspace only is better (README)."
  default     = "scylla"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,47}$", var.cql_username))
    error_message = "cql_username must be 1-48 letters, digits and underscores, starting with a letter."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key of the CQL password secret; null uses aws/secretsmanager."
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

variable "tags" {
  type        = map(string)
  description = "Tags added to the AWS resources of this module."
  default     = {}

  validation {
    condition     = alltrue([for k, _ in var.tags : length(k) <= 128])
    error_message = "Tag keys must be at most 128 characters."
  }
}
