# Production: three AZs with a NAT gateway each, brokers and cache nodes on general-purpose
# instances, at least two of every service, topology and sinks able to grow to the partition count.

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Application = "parley"
      Environment = "production"
      ManagedBy   = "terraform"
    }
  }
}

# Token from the SCYLLADB_CLOUD_TOKEN environment variable; never in a file.
provider "scylladbcloud" {}

provider "random" {}

module "parley" {
  source = "../../modules/parley"

  environment        = "production"
  azs                = ["${var.region}a", "${var.region}b", "${var.region}c"]
  vpc_cidr           = "10.10.0.0/16"
  single_nat_gateway = false

  domain_name           = var.domain_name
  route53_zone_id       = var.route53_zone_id
  chat_subdomain        = "chat"
  auth_subdomain        = "auth"
  extra_allowed_origins = var.extra_allowed_origins
  image_tag             = var.image_tag
  start_services        = var.start_services

  kafka_broker_instance_type       = "kafka.m7g.large"
  kafka_broker_volume_size_gib     = 500
  kafka_broker_volume_max_size_gib = 4000
  kafka_enhanced_monitoring        = "PER_BROKER"

  redis_node_type  = "cache.r7g.large"
  redis_node_count = 3

  postgres_instance_class            = "db.m7g.large"
  postgres_allocated_storage_gib     = 100
  postgres_max_allocated_storage_gib = 1000
  postgres_backup_retention_days     = 14

  scylla_node_type  = "i4i.xlarge"
  scylla_cidr_block = "172.30.0.0/16"

  edge     = { cpu = 1024, memory = 2048, min_count = 3, max_count = 30, sockets_per_task_target = 20000 }
  auth     = { cpu = 1024, memory = 2048, min_count = 2, max_count = 6, cpu_target_percent = 60 }
  topology = { cpu = 2048, memory = 4096, min_count = 3, max_count = 6, lag_per_task_target = 2000, ephemeral_storage_gib = 60 }
  sinks    = { cpu = 1024, memory = 2048, min_count = 2, max_count = 6, lag_per_task_target = 5000 }

  deletion_protection         = true
  secret_recovery_window_days = 30
  enable_execute_command      = false
  log_retention_days          = 90
}
