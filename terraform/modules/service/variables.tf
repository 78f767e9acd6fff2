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
  description = "Which Parley service this is; also the ECS service, container and Cloud Map name."

  validation {
    condition     = contains(["edge", "auth", "topology", "sinks"], var.service)
    error_message = "service must be one of edge, auth, topology, sinks (ops is a one-shot task: modules/ops-task)."
  }
}

variable "cluster_arn" {
  type        = string
  description = "ARN of the ECS cluster."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:ecs:", var.cluster_arn))
    error_message = "cluster_arn must be an ECS cluster ARN."
  }
}

variable "cluster_name" {
  type        = string
  description = "Name of the ECS cluster (autoscaling resource id and metric dimension ClusterName)."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,255}$", var.cluster_name))
    error_message = "cluster_name must be 1-255 letters, digits, dashes and underscores."
  }
}

variable "image" {
  type        = string
  description = "Image with tag, e.g. `<account>.dkr.ecr.<region>.amazonaws.com/parley-production/edge:1.4.2`."

  validation {
    condition     = can(regex("^[^\\s]+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image))
    error_message = "image must be a repository with an explicit tag (repository:tag)."
  }
}

variable "cpu" {
  type        = number
  description = "Task CPU units (Fargate: 256, 512, 1024, 2048, 4096, 8192, 16384)."

  validation {
    condition     = contains([256, 512, 1024, 2048, 4096, 8192, 16384], var.cpu)
    error_message = "cpu must be a Fargate CPU size: 256, 512, 1024, 2048, 4096, 8192 or 16384."
  }
}

variable "memory" {
  type        = number
  description = "Task memory in MiB; must be a valid Fargate combination with cpu. The JVM takes 75% of it (-XX:MaxRAMPercentage=75)."

  validation {
    condition     = var.memory >= 512 && var.memory <= 122880 && var.memory % 512 == 0
    error_message = "memory must be a multiple of 512 MiB between 512 and 122880."
  }
}

variable "cpu_architecture" {
  type        = string
  description = "CPU architecture of the tasks; the images must be built for it (`docker buildx build --platform linux/amd64` or `linux/arm64`)."
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "ephemeral_storage_gib" {
  type        = number
  description = "Fargate ephemeral storage in GiB (21-200). It is lost whenever the task is replaced; the topology's RocksDB state lives here."
  default     = 21

  validation {
    condition     = var.ephemeral_storage_gib >= 21 && var.ephemeral_storage_gib <= 200
    error_message = "ephemeral_storage_gib must be between 21 and 200."
  }
}

variable "command" {
  type        = list(string)
  description = "Arguments passed to the image's entry point; null keeps the image's own."
  default     = null

  validation {
    condition     = var.command == null || try(length(var.command) > 0, false)
    error_message = "command must be null or a non-empty list."
  }
}

variable "environment" {
  type        = map(string)
  description = "Environment variables of the container: only PARLEY_* keys that this service's CONFIG.md documents."

  validation {
    condition     = alltrue([for k, _ in var.environment : can(regex("^PARLEY_[A-Z0-9_]+$", k))])
    error_message = "Every environment key must be a PARLEY_* setting."
  }
}

variable "secrets" {
  type        = map(string)
  description = "Environment variables injected from Secrets Manager: key = PARLEY_* name, value = secret ARN or `<arn>:<json key>::`."
  default     = {}

  validation {
    condition     = alltrue([for k, v in var.secrets : can(regex("^PARLEY_[A-Z0-9_]+$", k)) && can(regex("^arn:aws[a-z-]*:secretsmanager:", v))])
    error_message = "Every secret key must be a PARLEY_* setting and every value a Secrets Manager ARN."
  }
}

variable "secret_kms_key_arns" {
  type        = list(string)
  description = "Customer-managed KMS keys of the secrets (the execution role may decrypt with them); empty when the secrets use aws/secretsmanager."
  default     = []

  validation {
    condition     = alltrue([for a in var.secret_kms_key_arns : can(regex("^arn:aws[a-z-]*:kms:", a))])
    error_message = "secret_kms_key_arns must hold KMS key ARNs."
  }
}

variable "task_role_policy_json" {
  type        = string
  description = "IAM policy document (JSON) of the task role: exactly what this service's code needs (its topics, groups, transactional ids)."

  validation {
    condition     = length(var.task_role_policy_json) > 2
    error_message = "task_role_policy_json must be a policy document."
  }
}

variable "container_port" {
  type        = number
  description = "The service's client port (edge 8080, auth 8081); null for services without one (topology, sinks)."
  default     = null

  validation {
    condition     = var.container_port == null || try(var.container_port >= 1024 && var.container_port <= 65535, false)
    error_message = "container_port must be null or between 1024 and 65535."
  }
}

variable "observe_port" {
  type        = number
  description = "Health and metrics port (PARLEY_OBSERVE_PORT): /health/ready, /health/live, /metrics."
  default     = 9400

  validation {
    condition     = var.observe_port >= 1024 && var.observe_port <= 65535
    error_message = "observe_port must be between 1024 and 65535."
  }
}

variable "health_check_start_period_seconds" {
  type        = number
  description = "Grace before failed container health checks count (JVM start, Kafka join, state restore)."
  default     = 90

  validation {
    condition     = var.health_check_start_period_seconds >= 0 && var.health_check_start_period_seconds <= 300
    error_message = "health_check_start_period_seconds must be between 0 and 300 (ECS's limit)."
  }
}

variable "health_check_grace_period_seconds" {
  type        = number
  description = "With a load balancer: how long ECS ignores failing ALB health checks of a new task."
  default     = 120

  validation {
    condition     = var.health_check_grace_period_seconds >= 0 && var.health_check_grace_period_seconds <= 2147483647
    error_message = "health_check_grace_period_seconds must not be negative."
  }
}

variable "stop_timeout_seconds" {
  type        = number
  description = "Seconds between SIGTERM and SIGKILL (Fargate allows up to 120): at least the service's own drain."

  validation {
    condition     = var.stop_timeout_seconds >= 2 && var.stop_timeout_seconds <= 120
    error_message = "stop_timeout_seconds must be between 2 and 120."
  }
}

variable "nofile_limit" {
  type        = number
  description = "Open file limit of the container (every WebSocket is a file descriptor on the edge)."
  default     = 65535

  validation {
    condition     = var.nofile_limit >= 1024 && var.nofile_limit <= 1048576
    error_message = "nofile_limit must be between 1024 and 1048576."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the tasks."

  validation {
    condition     = can(regex("^vpc-", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets the tasks run in (spread over the AZs)."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "Give at least two private subnets so the tasks span availability zones."
  }
}

variable "ingress" {
  type = list(object({
    port              = number
    security_group_id = string
    description       = string
  }))
  description = "Who may connect to the tasks: one rule per (port, source security group)."
  default     = []

  validation {
    condition     = alltrue([for r in var.ingress : r.port >= 1024 && r.port <= 65535])
    error_message = "Every ingress port must be between 1024 and 65535."
  }
}

variable "load_balancer" {
  type = object({
    target_group_arn = string
    container_port   = number
  })
  description = "ALB target group the tasks register in (edge, auth); null for none."
  default     = null

  validation {
    condition     = var.load_balancer == null || try(var.load_balancer.container_port >= 1024, false)
    error_message = "load_balancer.container_port must be a port of 1024 or above."
  }
}

variable "service_discovery" {
  type = object({
    namespace_id = string
  })
  description = "Cloud Map private DNS namespace to register the tasks in as `<service>.<namespace>` (auth, for the edges' JWKS fetch); null for none."
  default     = null

  validation {
    condition     = var.service_discovery == null || try(length(var.service_discovery.namespace_id) > 0, false)
    error_message = "service_discovery.namespace_id must not be empty."
  }
}

variable "custom_metrics" {
  type = object({
    collector_image         = string
    namespace               = string
    metric_names            = list(string)
    scrape_interval_seconds = number
  })
  description = "Publish these Prometheus meters of the task's own /metrics to CloudWatch (namespace, dimensions ClusterName and ServiceName) through an ADOT collector sidecar; null for none."
  default     = null

  validation {
    condition     = var.custom_metrics == null || try(length(var.custom_metrics.metric_names) > 0 && var.custom_metrics.scrape_interval_seconds >= 5, false)
    error_message = "custom_metrics needs at least one metric name and a scrape interval of 5 s or more."
  }
}

variable "autoscaling" {
  type = object({
    min_capacity = number
    max_capacity = number
    target_value = number
    cpu          = optional(bool, false)
    metric_queries = optional(list(object({
      id          = string
      label       = optional(string)
      expression  = optional(string)
      return_data = optional(bool, false)
      metric = optional(object({
        namespace   = string
        metric_name = string
        dimensions  = map(string)
        stat        = string
      }))
    })), [])
    scale_in_cooldown_seconds  = optional(number, 300)
    scale_out_cooldown_seconds = optional(number, 60)
  })
  description = "Target tracking: either `cpu = true` (average CPU %), or `metric_queries` (CloudWatch metric math; exactly one query returns the tracked value)."

  validation {
    condition     = var.autoscaling.min_capacity >= 1 && var.autoscaling.max_capacity >= var.autoscaling.min_capacity
    error_message = "autoscaling needs min_capacity >= 1 and max_capacity >= min_capacity."
  }

  validation {
    condition     = var.autoscaling.cpu ? length(var.autoscaling.metric_queries) == 0 : length([for q in var.autoscaling.metric_queries : q if q.return_data]) == 1
    error_message = "autoscaling: with cpu = true give no metric_queries; otherwise exactly one metric query must have return_data = true."
  }

  validation {
    condition     = var.autoscaling.target_value > 0
    error_message = "autoscaling.target_value must be positive."
  }
}

variable "start" {
  type        = bool
  description = "Run tasks (false: the service exists with 0 tasks; used on the very first apply, before images and secrets exist)."
  default     = true

  validation {
    condition     = var.start == true || var.start == false
    error_message = "start must be true or false."
  }
}

variable "enable_execute_command" {
  type        = bool
  description = "Allow `aws ecs execute-command` into the tasks (for debugging; every session is logged by SSM)."
  default     = false

  validation {
    condition     = var.enable_execute_command == true || var.enable_execute_command == false
    error_message = "enable_execute_command must be true or false."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the service's log group in days."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention period CloudWatch Logs accepts."
  }
}

variable "log_kms_key_arn" {
  type        = string
  description = "KMS key for the log groups; null for CloudWatch's default encryption."
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
