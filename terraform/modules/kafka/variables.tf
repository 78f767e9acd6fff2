variable "name" {
  type        = string
  description = "Name of the MSK cluster, e.g. `parley-production`."

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,63}$", var.name))
    error_message = "name must be 1-64 letters, digits and dashes, starting with a letter."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC the brokers live in."

  validation {
    condition     = can(regex("^vpc-", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets, one per availability zone; brokers are spread evenly over them."

  validation {
    condition     = length(var.subnet_ids) == 3
    error_message = "subnet_ids must hold exactly three subnets (one per AZ)."
  }
}

variable "kafka_version" {
  type        = string
  description = "MSK Kafka version in KRaft mode (the `.kraft` versions, e.g. `4.1.x.kraft`). ZooKeeper versions are refused: a KRaft cluster cannot be converted later."
  default     = "4.1.x.kraft"

  validation {
    condition     = can(regex("^[0-9]+\\.[0-9]+\\.x\\.kraft$", var.kafka_version))
    error_message = "kafka_version must be an MSK KRaft version such as 4.1.x.kraft."
  }
}

variable "broker_count" {
  type        = number
  description = "Number of brokers: a multiple of the three AZs. Three gives replication factor 3 with min.insync.replicas 2 (one broker may be down)."
  default     = 3

  validation {
    condition     = var.broker_count >= 3 && var.broker_count % 3 == 0
    error_message = "broker_count must be a positive multiple of 3 (at least 3)."
  }
}

variable "broker_instance_type" {
  type        = string
  description = "Broker instance type, e.g. `kafka.t3.small` (staging only: no per-consumer-group lag headroom, burstable) or `kafka.m7g.large`."

  validation {
    condition     = can(regex("^kafka\\.[a-z0-9]+\\.[a-z0-9]+$", var.broker_instance_type))
    error_message = "broker_instance_type must look like kafka.m7g.large."
  }
}

variable "broker_volume_size_gib" {
  type        = number
  description = "Initial EBS volume per broker in GiB. It grows automatically (storage autoscaling) up to broker_volume_max_size_gib and can never shrink."

  validation {
    condition     = var.broker_volume_size_gib >= 1 && var.broker_volume_size_gib <= 16384
    error_message = "broker_volume_size_gib must be between 1 and 16384."
  }
}

variable "broker_volume_max_size_gib" {
  type        = number
  description = "Upper bound of broker storage autoscaling in GiB."

  validation {
    condition     = var.broker_volume_max_size_gib >= var.broker_volume_size_gib && var.broker_volume_max_size_gib <= 16384
    error_message = "broker_volume_max_size_gib must be at least broker_volume_size_gib and at most 16384."
  }
}

variable "default_replication_factor" {
  type        = number
  description = "Broker default replication factor (Kafka Streams' internal topics, offsets and transaction logs)."
  default     = 3

  validation {
    condition     = var.default_replication_factor >= 1 && var.default_replication_factor <= 3
    error_message = "default_replication_factor must be between 1 and 3."
  }
}

variable "min_insync_replicas" {
  type        = number
  description = "Broker default min.insync.replicas (and the transaction state log's min ISR). Must be below the replication factor so one broker may be down."
  default     = 2

  validation {
    condition     = var.min_insync_replicas >= 1 && var.min_insync_replicas < var.default_replication_factor
    error_message = "min_insync_replicas must be at least 1 and below default_replication_factor, or every acks=all write fails while one broker is down."
  }
}

variable "authentication" {
  type        = string
  description = "Client authentication: `iam` (default: credentials come from each task role, nothing to rotate; needs the aws-msk-iam-auth library, which every Parley jar carries) or `scram` (SASL/SCRAM-SHA-512 with secrets in Secrets Manager, see scram_secret_arns)."
  default     = "iam"

  validation {
    condition     = contains(["iam", "scram"], var.authentication)
    error_message = "authentication must be iam or scram."
  }
}

variable "scram_secret_arns" {
  type        = list(string)
  description = "With authentication = scram: ARNs of Secrets Manager secrets named AmazonMSK_* (customer-managed KMS key, value {\"username\",\"password\"} already put) to associate with the cluster."
  default     = []

  validation {
    condition     = alltrue([for a in var.scram_secret_arns : can(regex(":secret:AmazonMSK_", a))])
    error_message = "Every SCRAM secret must be a Secrets Manager ARN whose name starts with AmazonMSK_."
  }
}

variable "enhanced_monitoring" {
  type        = string
  description = "MSK CloudWatch monitoring level. Per-consumer-group lag (SumOffsetLag, MaxOffsetLag, EstimatedMaxTimeLag by Consumer Group and Topic), which the topology's and the sinks' autoscaling track, is already published at DEFAULT; PER_BROKER adds the broker metrics worth alarming on in production."
  default     = "PER_BROKER"

  validation {
    condition     = contains(["DEFAULT", "PER_BROKER", "PER_TOPIC_PER_BROKER", "PER_TOPIC_PER_PARTITION"], var.enhanced_monitoring)
    error_message = "enhanced_monitoring must be DEFAULT, PER_BROKER, PER_TOPIC_PER_BROKER or PER_TOPIC_PER_PARTITION."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for encryption at rest; null uses the AWS-managed aws/msk key."
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the broker log group in days."
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
