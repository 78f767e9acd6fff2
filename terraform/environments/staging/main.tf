# Staging: the production shape (three AZs, three brokers, Multi-AZ RDS, replicated Redis, three
# ScyllaDB nodes) at the smallest sizes, one NAT gateway, one task per service where that is safe.

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Application = "parley"
      Environment = "staging"
      ManagedBy   = "terraform"
    }
  }
}

# Token from the SCYLLADB_CLOUD_TOKEN environment variable; never in a file.
provider "scylladbcloud" {}

provider "random" {}

module "parley" {
  source = "../../modules/parley"

  environment        = "staging"
  azs                = ["${var.region}a", "${var.region}b", "${var.region}c"]
  vpc_cidr           = "10.20.0.0/16"
  single_nat_gateway = true

  domain_name           = var.domain_name
  route53_zone_id       = var.route53_zone_id
  chat_subdomain        = "chat.staging"
  auth_subdomain        = "auth.staging"
  extra_allowed_origins = var.extra_allowed_origins
  image_tag             = var.image_tag
  start_services        = var.start_services

  kafka_broker_instance_type       = "kafka.t3.small"
  kafka_broker_volume_size_gib     = 50
  kafka_broker_volume_max_size_gib = 200
  kafka_enhanced_monitoring        = "DEFAULT"

  redis_node_type  = "cache.t4g.small"
  redis_node_count = 2

  postgres_instance_class            = "db.t4g.medium"
  postgres_allocated_storage_gib     = 20
  postgres_max_allocated_storage_gib = 100

  scylla_node_type  = "i4i.large"
  scylla_cidr_block = "172.31.0.0/16"

  edge     = { cpu = 512, memory = 1024, min_count = 1, max_count = 3, sockets_per_task_target = 5000 }
  auth     = { cpu = 512, memory = 1024, min_count = 1, max_count = 2, cpu_target_percent = 60 }
  topology = { cpu = 1024, memory = 2048, min_count = 2, max_count = 2, lag_per_task_target = 1000, ephemeral_storage_gib = 30 }
  sinks    = { cpu = 512, memory = 1024, min_count = 1, max_count = 2, lag_per_task_target = 2000 }

  deletion_protection         = false
  secret_recovery_window_days = 0
  enable_execute_command      = true
  log_retention_days          = 14
}
