variable "environment" {
  type        = string
  description = "Environment name; every resource is named `parley-<environment>` (e.g. staging, production)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,12}$", var.environment))
    error_message = "environment must be 2-13 lower-case letters and digits, starting with a letter (names like parley-<environment>-edge must fit AWS limits)."
  }
}

variable "azs" {
  type        = list(string)
  description = "Exactly three availability zones of the region."

  validation {
    condition     = length(var.azs) == 3 && length(distinct(var.azs)) == 3
    error_message = "azs must list exactly three distinct availability zones."
  }
}

variable "vpc_cidr" {
  type        = string
  description = "CIDR of the VPC (a /16 is split per AZ into public, private, database and ElastiCache subnets)."

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) <= 16
    error_message = "vpc_cidr must be a valid IPv4 CIDR block of size /16 or larger."
  }
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway instead of one per AZ (cheaper, staging)."
  default     = false

  validation {
    condition     = var.single_nat_gateway == true || var.single_nat_gateway == false
    error_message = "single_nat_gateway must be true or false."
  }
}

variable "domain_name" {
  type        = string
  description = "Domain of the public Route 53 zone, e.g. `example.com`; Parley answers at <chat_subdomain>.<domain> and <auth_subdomain>.<domain>."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be a lower-case DNS name such as example.com."
  }
}

variable "route53_zone_id" {
  type        = string
  description = "Id of the public Route 53 hosted zone of domain_name."

  validation {
    condition     = can(regex("^Z[A-Z0-9]{1,31}$", var.route53_zone_id))
    error_message = "route53_zone_id must be a Route 53 hosted zone id (Z...)."
  }
}

variable "chat_subdomain" {
  type        = string
  description = "Label of the edge's host name (REST and WebSocket)."
  default     = "chat"

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$", var.chat_subdomain))
    error_message = "chat_subdomain must be one or more DNS labels."
  }
}

variable "auth_subdomain" {
  type        = string
  description = "Label of auth's host name."
  default     = "auth"

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$", var.auth_subdomain)) && var.auth_subdomain != var.chat_subdomain
    error_message = "auth_subdomain must be one or more DNS labels, different from chat_subdomain."
  }
}

variable "extra_allowed_origins" {
  type        = list(string)
  description = "Browser origins allowed to open /ws besides https://<chat host> (PARLEY_EDGE_ALLOWED_ORIGINS), e.g. a web client's origin."
  default     = []

  validation {
    condition     = alltrue([for o in var.extra_allowed_origins : can(regex("^https?://[^,\\s/]+$", o))])
    error_message = "Each origin must be scheme://host[:port] without a path or comma."
  }
}

variable "image_tag" {
  type        = string
  description = "Tag of all five images to run (one build of the Dockerfile). Rolling out = applying a new tag; rolling back = applying the previous one."

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)) && var.image_tag != "latest"
    error_message = "image_tag must be a valid Docker tag other than latest (tags are immutable in ECR)."
  }
}

variable "start_services" {
  type        = bool
  description = "Run the services. False only for the very first apply: images are not pushed and the secrets are empty yet."
  default     = true

  validation {
    condition     = var.start_services == true || var.start_services == false
    error_message = "start_services must be true or false."
  }
}

variable "cpu_architecture" {
  type        = string
  description = "CPU architecture of every task (build the images for it: linux/amd64 or linux/arm64; ARM64 is about 20% cheaper on Fargate)."
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "kafka_version" {
  type        = string
  description = "MSK Kafka version, KRaft mode."
  default     = "4.1.x.kraft"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.x\\.kraft$", var.kafka_version))
    error_message = "kafka_version must be an MSK KRaft version such as 4.1.x.kraft."
  }
}

variable "kafka_broker_instance_type" {
  type        = string
  description = "MSK broker instance type (three brokers)."

  validation {
    condition     = can(regex("^kafka\\.[a-z0-9]+\\.[a-z0-9]+$", var.kafka_broker_instance_type))
    error_message = "kafka_broker_instance_type must look like kafka.m7g.large."
  }
}

variable "kafka_broker_volume_size_gib" {
  type        = number
  description = "Initial storage per broker in GiB (grows by itself up to kafka_broker_volume_max_size_gib)."

  validation {
    condition     = var.kafka_broker_volume_size_gib >= 1 && var.kafka_broker_volume_size_gib <= 16384
    error_message = "kafka_broker_volume_size_gib must be between 1 and 16384."
  }
}

variable "kafka_broker_volume_max_size_gib" {
  type        = number
  description = "Upper bound of broker storage autoscaling in GiB."

  validation {
    condition     = var.kafka_broker_volume_max_size_gib >= var.kafka_broker_volume_size_gib && var.kafka_broker_volume_max_size_gib <= 16384
    error_message = "kafka_broker_volume_max_size_gib must be between kafka_broker_volume_size_gib and 16384."
  }
}

variable "kafka_enhanced_monitoring" {
  type        = string
  description = "MSK monitoring level (consumer-group lag is in DEFAULT already)."
  default     = "PER_BROKER"

  validation {
    condition     = contains(["DEFAULT", "PER_BROKER", "PER_TOPIC_PER_BROKER", "PER_TOPIC_PER_PARTITION"], var.kafka_enhanced_monitoring)
    error_message = "kafka_enhanced_monitoring must be DEFAULT, PER_BROKER, PER_TOPIC_PER_BROKER or PER_TOPIC_PER_PARTITION."
  }
}

variable "redis_node_type" {
  type        = string
  description = "ElastiCache (Valkey) node type."

  validation {
    condition     = can(regex("^cache\\.[a-z0-9]+\\.[a-z0-9]+$", var.redis_node_type))
    error_message = "redis_node_type must look like cache.r7g.large."
  }
}

variable "redis_node_count" {
  type        = number
  description = "Primary plus replicas (2 or more: automatic failover, Multi-AZ)."
  default     = 2

  validation {
    condition     = var.redis_node_count >= 2 && var.redis_node_count <= 6
    error_message = "redis_node_count must be between 2 and 6 (at least one replica for failover)."
  }
}

variable "postgres_instance_class" {
  type        = string
  description = "RDS instance class (Multi-AZ)."

  validation {
    condition     = can(regex("^db\\.[a-z0-9]+\\.[a-z0-9]+$", var.postgres_instance_class))
    error_message = "postgres_instance_class must look like db.m7g.large."
  }
}

variable "postgres_allocated_storage_gib" {
  type        = number
  description = "Initial RDS storage in GiB."
  default     = 20

  validation {
    condition     = var.postgres_allocated_storage_gib >= 20 && var.postgres_allocated_storage_gib <= 65536
    error_message = "postgres_allocated_storage_gib must be between 20 and 65536."
  }
}

variable "postgres_max_allocated_storage_gib" {
  type        = number
  description = "Upper bound of RDS storage autoscaling in GiB."
  default     = 200

  validation {
    condition     = var.postgres_max_allocated_storage_gib >= var.postgres_allocated_storage_gib && var.postgres_max_allocated_storage_gib <= 65536
    error_message = "postgres_max_allocated_storage_gib must be between postgres_allocated_storage_gib and 65536."
  }
}

variable "postgres_backup_retention_days" {
  type        = number
  description = "RDS point-in-time recovery window in days."
  default     = 7

  validation {
    condition     = var.postgres_backup_retention_days >= 1 && var.postgres_backup_retention_days <= 35
    error_message = "postgres_backup_retention_days must be between 1 and 35."
  }
}

variable "scylla_node_type" {
  type        = string
  description = "ScyllaDB Cloud node type (storage-optimised, local NVMe)."

  validation {
    condition     = can(regex("^i[0-9][a-z]*\\.[a-z0-9]+$", var.scylla_node_type))
    error_message = "scylla_node_type must be an i-family instance type such as i4i.xlarge."
  }
}

variable "scylla_node_count" {
  type        = number
  description = "ScyllaDB nodes (a multiple of 3; keyspace replication is 3)."
  default     = 3

  validation {
    condition     = var.scylla_node_count >= 3 && var.scylla_node_count % 3 == 0
    error_message = "scylla_node_count must be a positive multiple of 3."
  }
}

variable "scylla_cidr_block" {
  type        = string
  description = "CIDR of the ScyllaDB Cloud cluster's VPC; must not overlap vpc_cidr."

  validation {
    condition     = can(cidrhost(var.scylla_cidr_block, 0)) && cidrhost(var.scylla_cidr_block, 0) != cidrhost(var.vpc_cidr, 0)
    error_message = "scylla_cidr_block must be a valid IPv4 CIDR block different from vpc_cidr."
  }
}

variable "cql_keyspace" {
  type        = string
  description = "Keyspace of the history tables (PARLEY_CQL_KEYSPACE); created by `ops cql apply`."
  default     = "parley"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,47}$", var.cql_keyspace))
    error_message = "cql_keyspace must be a letter followed by up to 47 letters, digits or underscores."
  }
}

variable "cql_username" {
  type        = string
  description = "CQL user of the services (PARLEY_CQL_USERNAME); its password goes into the CQL password secret."
  default     = "scylla"

  validation {
    condition     = can(regex("^[A-Za-z][A-Za-z0-9_]{0,47}$", var.cql_username))
    error_message = "cql_username must be 1-48 letters, digits and underscores, starting with a letter."
  }
}

variable "cql_tls" {
  type        = bool
  description = "TLS from the services to ScyllaDB (PARLEY_CQL_TLS). ScyllaDB Cloud's client-to-node encryption is switched on in its console and its CA is not public: turning this on needs the CA in the images (PARLEY_CQL_TLS_TRUSTSTORE). Off by default; CQL stays on the private peering."
  default     = false

  validation {
    condition     = var.cql_tls == true || var.cql_tls == false
    error_message = "cql_tls must be true or false."
  }
}

variable "edge" {
  type = object({
    cpu                     = number
    memory                  = number
    min_count               = number
    max_count               = number
    sockets_per_task_target = number
  })
  description = "Edge tasks: size, count bounds and the open WebSockets per task that autoscaling keeps."

  validation {
    condition     = var.edge.min_count >= 1 && var.edge.max_count >= var.edge.min_count && var.edge.sockets_per_task_target >= 100
    error_message = "edge needs min_count >= 1, max_count >= min_count and sockets_per_task_target >= 100."
  }
}

variable "auth" {
  type = object({
    cpu                = number
    memory             = number
    min_count          = number
    max_count          = number
    cpu_target_percent = number
  })
  description = "Auth tasks: size, count bounds and the average CPU % autoscaling keeps (Argon2id hashing is what costs CPU)."

  validation {
    condition     = var.auth.min_count >= 1 && var.auth.max_count >= var.auth.min_count && var.auth.cpu_target_percent >= 10 && var.auth.cpu_target_percent <= 90
    error_message = "auth needs min_count >= 1, max_count >= min_count and cpu_target_percent between 10 and 90."
  }
}

variable "topology" {
  type = object({
    cpu                   = number
    memory                = number
    min_count             = number
    max_count             = number
    lag_per_task_target   = number
    ephemeral_storage_gib = number
  })
  description = "Topology tasks: size, count bounds (max at most the 6 partitions of its input topics), the consumer lag per task autoscaling keeps, and the ephemeral disk for its RocksDB state."

  validation {
    condition     = var.topology.min_count >= 1 && var.topology.max_count >= var.topology.min_count && var.topology.max_count <= 6
    error_message = "topology needs min_count >= 1 and min_count <= max_count <= 6: a stage has one task per input partition (topics.yaml: 6), more instances would idle."
  }

  validation {
    condition     = var.topology.lag_per_task_target >= 1 && var.topology.ephemeral_storage_gib >= 21 && var.topology.ephemeral_storage_gib <= 200
    error_message = "topology needs lag_per_task_target >= 1 and ephemeral_storage_gib between 21 and 200."
  }
}

variable "sinks" {
  type = object({
    cpu                 = number
    memory              = number
    min_count           = number
    max_count           = number
    lag_per_task_target = number
  })
  description = "Sinks tasks: size, count bounds (max at most the 6 partitions of their topics) and the consumer lag per task autoscaling keeps."

  validation {
    condition     = var.sinks.min_count >= 1 && var.sinks.max_count >= var.sinks.min_count && var.sinks.max_count <= 6 && var.sinks.lag_per_task_target >= 1
    error_message = "sinks needs min_count >= 1, min_count <= max_count <= 6 (partition count) and lag_per_task_target >= 1."
  }
}

variable "rate_sustained_per_second" {
  type        = number
  description = "Sends per user per second (edge: PARLEY_EDGE_LIMITS_SEND_RATE; topology, for parley.commands.v1: PARLEY_TOPOLOGY_RATE_SUSTAINED_PER_SECOND)."
  default     = 10

  validation {
    condition     = var.rate_sustained_per_second >= 1 && floor(var.rate_sustained_per_second) == var.rate_sustained_per_second
    error_message = "rate_sustained_per_second must be a whole number of at least 1."
  }
}

variable "rate_burst" {
  type        = number
  description = "Sends a user may make at once (edge: PARLEY_EDGE_LIMITS_SEND_BURST; topology, for parley.commands.v1: PARLEY_TOPOLOGY_RATE_BURST)."
  default     = 20

  validation {
    condition     = var.rate_burst >= 1 && floor(var.rate_burst) == var.rate_burst
    error_message = "rate_burst must be a whole number of at least 1."
  }
}

variable "access_token_ttl" {
  type        = string
  description = "Access token lifetime (PARLEY_AUTH_ACCESS_TOKEN_TTL), e.g. 15m."
  default     = "15m"

  validation {
    condition     = can(regex("^[0-9]+(ms|s|m|h|d)$", var.access_token_ttl))
    error_message = "access_token_ttl must be a duration such as 15m."
  }
}

variable "refresh_token_ttl" {
  type        = string
  description = "Refresh token lifetime (PARLEY_AUTH_REFRESH_TOKEN_TTL), e.g. 30d."
  default     = "30d"

  validation {
    condition     = can(regex("^[0-9]+(ms|s|m|h|d)$", var.refresh_token_ttl))
    error_message = "refresh_token_ttl must be a duration such as 30d."
  }
}

variable "otlp_endpoint" {
  type        = string
  description = "OTLP/HTTP traces endpoint of every service (PARLEY_OBSERVE_OTLP_ENDPOINT), or `none`."
  default     = "none"

  validation {
    condition     = var.otlp_endpoint == "none" || can(regex("^https?://", var.otlp_endpoint))
    error_message = "otlp_endpoint must be none or an http(s) URL."
  }
}

variable "metrics_collector_image" {
  type        = string
  description = "ADOT collector image of the edge's metrics sidecar (scrapes parley_edge_sockets_open into CloudWatch). Pin a version."
  default     = "public.ecr.aws/aws-observability/aws-otel-collector:v0.42.0"

  validation {
    condition     = can(regex(":v?[0-9]+\\.[0-9]+\\.[0-9]+$", var.metrics_collector_image))
    error_message = "metrics_collector_image must be pinned to a version tag (…:v0.42.0)."
  }
}

variable "alb_idle_timeout_seconds" {
  type        = number
  description = "ALB idle timeout; above 30 s, the contract's longest gap between the edge's pings."
  default     = 120

  validation {
    condition     = var.alb_idle_timeout_seconds > 30 && var.alb_idle_timeout_seconds <= 4000
    error_message = "alb_idle_timeout_seconds must be above 30 and at most 4000."
  }
}

variable "alb_access_logs_bucket" {
  type        = string
  description = "S3 bucket for ALB access logs; null for none."
  default     = null

  validation {
    condition     = var.alb_access_logs_bucket == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.alb_access_logs_bucket))
    error_message = "alb_access_logs_bucket must be null or an S3 bucket name."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Deletion protection of the RDS instance and the ALB."
  default     = true

  validation {
    condition     = var.deletion_protection == true || var.deletion_protection == false
    error_message = "deletion_protection must be true or false."
  }
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days a deleted secret can be restored (0 or 7-30)."
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "secret_recovery_window_days must be 0 or between 7 and 30."
  }
}

variable "enable_execute_command" {
  type        = bool
  description = "Allow `aws ecs execute-command` into the service tasks."
  default     = false

  validation {
    condition     = var.enable_execute_command == true || var.enable_execute_command == false
    error_message = "enable_execute_command must be true or false."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the service, broker and cache log groups in days."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a retention period CloudWatch Logs accepts."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource (Application and Environment are added)."
  default     = {}

  validation {
    condition     = alltrue([for k, _ in var.tags : length(k) <= 128])
    error_message = "Tag keys must be at most 128 characters."
  }
}
