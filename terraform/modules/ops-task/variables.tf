variable "name_prefix" {
  type        = string
  description = "Environment prefix of every name, e.g. `parley-production`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,25}$", var.name_prefix))
    error_message = "name_prefix must be 2-26 lower-case letters, digits and dashes, starting with a letter."
  }
}

variable "service" {
  type        = string
  description = "Always `ops`: the one-shot tool (named like the services so every call site can be checked alike)."
  default     = "ops"

  validation {
    condition     = var.service == "ops"
    error_message = "service must be ops."
  }
}

variable "cluster_name" {
  type        = string
  description = "ECS cluster the task runs in (for the run-task commands)."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.cluster_name))
    error_message = "cluster_name must be 1-255 letters, digits, dashes and underscores."
  }
}

variable "image" {
  type        = string
  description = "The ops image with tag (the Dockerfile's `ops` target); deploy the same tag as the services."

  validation {
    condition     = can(regex("^[^\\s]+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image))
    error_message = "image must be a repository with an explicit tag (repository:tag)."
  }
}

variable "cpu" {
  type        = number
  description = "Task CPU units."
  default     = 512

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096], var.cpu)
    error_message = "cpu must be 256, 512, 1024, 2048 or 4096."
  }
}

variable "memory" {
  type        = number
  description = "Task memory in MiB (a valid Fargate combination with cpu)."
  default     = 1024

  validation {
    condition     = var.memory >= 512 && var.memory <= 30720 && var.memory % 512 == 0
    error_message = "memory must be a multiple of 512 MiB between 512 and 30720."
  }
}

variable "cpu_architecture" {
  type        = string
  description = "CPU architecture the ops image was built for."
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "environment" {
  type        = map(string)
  description = "Environment variables: only PARLEY_* keys that ops/CONFIG.md documents."

  validation {
    condition     = alltrue([for k, _ in var.environment : can(regex("^PARLEY_[A-Z0-9_]+$", k))])
    error_message = "Every environment key must be a PARLEY_* setting."
  }
}

variable "secrets" {
  type        = map(string)
  description = "Environment variables injected from Secrets Manager (key = PARLEY_* name, value = secret ARN or `<arn>:<json key>::`)."
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.secrets : can(regex("^PARLEY_[A-Z0-9_]+$", k)) && can(regex("^arn:aws[a-z-]*:secretsmanager:", v))])
    error_message = "Every secret key must be a PARLEY_* setting and every value a Secrets Manager ARN."
  }
}

variable "task_role_policy_json" {
  type        = string
  description = "IAM policy document (JSON) of the task role: create, describe and alter Parley's topics."

  validation {
    condition     = length(var.task_role_policy_json) > 2
    error_message = "task_role_policy_json must be a policy document."
  }
}

variable "replication_factor" {
  type        = number
  description = "`--replication-factor` of `ops topics apply`: replication of topics created now."
  default     = 3

  validation {
    condition     = var.replication_factor >= 1 && var.replication_factor <= 3
    error_message = "replication_factor must be between 1 and 3."
  }
}

variable "min_insync_replicas" {
  type        = number
  description = "`--min-insync-replicas` of `ops topics apply`: min.insync.replicas of every topic; below the replication factor."
  default     = 2

  validation {
    condition     = var.min_insync_replicas >= 1 && var.min_insync_replicas < var.replication_factor
    error_message = "min_insync_replicas must be at least 1 and below replication_factor."
  }
}

variable "cql_datacenter" {
  type        = string
  description = "Data center name of the keyspace's NetworkTopologyStrategy (ScyllaDB Cloud's, e.g. AWS_EU_WEST_1)."

  validation {
    condition     = length(var.cql_datacenter) > 0 && !strcontains(var.cql_datacenter, "'")
    error_message = "cql_datacenter must be a non-empty name without quotes."
  }
}

variable "cql_replication_factor" {
  type        = number
  description = "Keyspace replication in that data center."
  default     = 3

  validation {
    condition     = var.cql_replication_factor >= 1 && var.cql_replication_factor <= 5
    error_message = "cql_replication_factor must be between 1 and 5."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the task."

  validation {
    condition     = can(regex("^vpc-", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets the task may run in."

  validation {
    condition     = length(var.subnet_ids) >= 1
    error_message = "Give at least one private subnet."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the ops log group in days."
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention period CloudWatch Logs accepts."
  }
}

variable "log_kms_key_arn" {
  type        = string
  description = "KMS key for the log group; null for CloudWatch's default encryption."
  default     = null

  validation {
    condition     = var.log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be null or a KMS key ARN."
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
