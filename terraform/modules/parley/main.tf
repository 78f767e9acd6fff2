# One Parley environment: network, Kafka, Redis, PostgreSQL, ScyllaDB, images, ingress, the four
# services and the ops task. Every service's environment and secrets are written out key by key
# (no merge, no generated keys) so that a reader, and the repository's checks, can see exactly which
# PARLEY_* settings each service gets; each is one that the service's CONFIG.md documents.

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  name           = "parley-${var.environment}"
  chat_hostname  = "${var.chat_subdomain}.${var.domain_name}"
  auth_hostname  = "${var.auth_subdomain}.${var.domain_name}"
  dns_namespace  = "${local.name}.internal"
  observe_port   = 9400
  edge_port      = 8080
  auth_port      = 8081
  tags           = merge(var.tags, { Application = "parley", Environment = var.environment })
  image          = { for k, url in module.ecr.repository_urls : k => "${url}:${var.image_tag}" }
  allowed_origin = join(",", concat(["https://${local.chat_hostname}"], var.extra_allowed_origins))

  # Partition count of the topology's and the sinks' input topics (topics.yaml). Autoscaling never
  # goes past it: a sub-topology has one task per partition, so more instances would only idle.
  input_partitions = 6
}

module "network" {
  source = "../network"

  name               = local.name
  cidr               = var.vpc_cidr
  azs                = var.azs
  single_nat_gateway = var.single_nat_gateway
  tags               = local.tags
}

module "kafka" {
  source = "../kafka"

  name                       = local.name
  vpc_id                     = module.network.vpc_id
  subnet_ids                 = module.network.private_subnet_ids
  kafka_version              = var.kafka_version
  broker_count               = 3
  broker_instance_type       = var.kafka_broker_instance_type
  broker_volume_size_gib     = var.kafka_broker_volume_size_gib
  broker_volume_max_size_gib = var.kafka_broker_volume_max_size_gib
  default_replication_factor = 3
  min_insync_replicas        = 2
  authentication             = "iam"
  enhanced_monitoring        = var.kafka_enhanced_monitoring
  log_retention_days         = var.log_retention_days
  tags                       = local.tags
}

module "redis" {
  source = "../redis"

  name                        = local.name
  vpc_id                      = module.network.vpc_id
  subnet_group_name           = module.network.elasticache_subnet_group_name
  node_type                   = var.redis_node_type
  node_count                  = var.redis_node_count
  secret_recovery_window_days = var.secret_recovery_window_days
  log_retention_days          = var.log_retention_days
  tags                        = local.tags
}

module "postgres" {
  source = "../postgres"

  name                      = local.name
  vpc_id                    = module.network.vpc_id
  subnet_group_name         = module.network.database_subnet_group_name
  instance_class            = var.postgres_instance_class
  allocated_storage_gib     = var.postgres_allocated_storage_gib
  max_allocated_storage_gib = var.postgres_max_allocated_storage_gib
  multi_az                  = true
  backup_retention_days     = var.postgres_backup_retention_days
  deletion_protection       = var.deletion_protection
  tags                      = local.tags
}

module "scylla" {
  source = "../scylla"

  name                        = local.name
  region                      = data.aws_region.current.region
  node_type                   = var.scylla_node_type
  node_count                  = var.scylla_node_count
  cidr_block                  = var.scylla_cidr_block
  peer_vpc_id                 = module.network.vpc_id
  peer_vpc_cidr_block         = module.network.vpc_cidr_block
  peer_account_id             = data.aws_caller_identity.current.account_id
  private_route_table_ids     = module.network.private_route_table_ids
  cql_username                = var.cql_username
  secret_recovery_window_days = var.secret_recovery_window_days
  tags                        = local.tags
}

module "ecr" {
  source = "../ecr"

  name_prefix = local.name
  tags        = local.tags
}

module "ingress" {
  source = "../ingress"

  name                              = local.name
  vpc_id                            = module.network.vpc_id
  vpc_cidr_block                    = module.network.vpc_cidr_block
  public_subnet_ids                 = module.network.public_subnet_ids
  route53_zone_id                   = var.route53_zone_id
  chat_hostname                     = local.chat_hostname
  auth_hostname                     = local.auth_hostname
  idle_timeout_seconds              = var.alb_idle_timeout_seconds
  edge_port                         = local.edge_port
  auth_port                         = local.auth_port
  health_check_port                 = local.observe_port
  edge_deregistration_delay_seconds = 10
  access_logs_bucket                = var.alb_access_logs_bucket
  deletion_protection               = var.deletion_protection
  tags                              = local.tags
}

# The JWK set auth signs with. Created WITHOUT a value: the deploy puts the first one (and every
# rotation) with `jwks-add-key` (README), so no private key ever passes through Terraform.
resource "aws_secretsmanager_secret" "signing_keys" {
  name_prefix             = "${local.name}/auth-signing-keys-"
  description             = "JWK set of auth's ES256 signing keys (PARLEY_AUTH_SIGNING_KEYS). Written only with jwks-add-key, never by Terraform."
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = local.tags
}

resource "aws_ecs_cluster" "this" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = local.tags
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

# auth is reachable inside the VPC as auth.<namespace>: the edges fetch the JWKS there.
resource "aws_service_discovery_private_dns_namespace" "this" {
  name        = local.dns_namespace
  description = "Service names of ${local.name}"
  vpc         = module.network.vpc_id
  tags        = local.tags
}

# --- services -----------------------------------------------------------------------------------

module "auth" {
  source = "../service"

  service     = "auth"
  name_prefix = local.name
  image       = local.image["auth"]
  start       = var.start_services

  environment = {
    PARLEY_AUTH_HTTP_HOST          = "0.0.0.0"
    PARLEY_AUTH_HTTP_PORT          = tostring(local.auth_port)
    PARLEY_OBSERVE_HOST            = "0.0.0.0"
    PARLEY_OBSERVE_PORT            = tostring(local.observe_port)
    PARLEY_OBSERVE_OTLP_ENDPOINT   = var.otlp_endpoint
    PARLEY_OBSERVE_LOG_HOPS        = "false"
    PARLEY_KAFKA_BOOTSTRAP_SERVERS = module.kafka.bootstrap_brokers
    PARLEY_KAFKA_SECURITY_PROTOCOL = module.kafka.security_protocol
    PARLEY_KAFKA_SASL_MECHANISM    = module.kafka.sasl_mechanism
    PARLEY_REDIS_URI               = module.redis.uri
    PARLEY_DB_URL                  = module.postgres.jdbc_url
    PARLEY_DB_USER                 = module.postgres.username
    PARLEY_AUTH_TRUSTED_PROXIES    = join(",", module.network.public_subnet_cidr_blocks)
    PARLEY_AUTH_ALLOWED_ORIGINS    = local.allowed_origin
    PARLEY_AUTH_ACCESS_TOKEN_TTL   = var.access_token_ttl
    PARLEY_AUTH_REFRESH_TOKEN_TTL  = var.refresh_token_ttl
    PARLEY_AUTH_LIMITS_STORE       = "redis"
  }

  secrets = {
    PARLEY_AUTH_SIGNING_KEYS = aws_secretsmanager_secret.signing_keys.arn
    PARLEY_DB_PASSWORD       = "${module.postgres.master_user_secret_arn}:password::"
    PARLEY_REDIS_PASSWORD    = module.redis.auth_token_secret_arn
  }

  cpu                   = var.auth.cpu
  memory                = var.auth.memory
  cpu_architecture      = var.cpu_architecture
  stop_timeout_seconds  = 20
  container_port        = local.auth_port
  observe_port          = local.observe_port
  task_role_policy_json = data.aws_iam_policy_document.auth.json

  cluster_arn  = aws_ecs_cluster.this.arn
  cluster_name = aws_ecs_cluster.this.name
  vpc_id       = module.network.vpc_id
  subnet_ids   = module.network.private_subnet_ids

  load_balancer = {
    target_group_arn = module.ingress.auth_target_group_arn
    container_port   = local.auth_port
  }

  service_discovery = {
    namespace_id = aws_service_discovery_private_dns_namespace.this.id
  }

  ingress = [
    { port = local.auth_port, security_group_id = module.ingress.alb_security_group_id, description = "Clients through the ALB" },
    { port = local.observe_port, security_group_id = module.ingress.alb_security_group_id, description = "ALB health checks" },
    { port = local.auth_port, security_group_id = module.edge.security_group_id, description = "Edges fetching the JWKS" },
  ]

  autoscaling = {
    min_capacity = var.auth.min_count
    max_capacity = var.auth.max_count
    target_value = var.auth.cpu_target_percent
    cpu          = true
  }

  enable_execute_command = var.enable_execute_command
  log_retention_days     = var.log_retention_days
  tags                   = local.tags
}

module "topology" {
  source = "../service"

  service     = "topology"
  name_prefix = local.name
  image       = local.image["topology"]
  start       = var.start_services

  environment = {
    PARLEY_OBSERVE_HOST              = "0.0.0.0"
    PARLEY_OBSERVE_PORT              = tostring(local.observe_port)
    PARLEY_OBSERVE_OTLP_ENDPOINT     = var.otlp_endpoint
    PARLEY_OBSERVE_LOG_HOPS          = "false"
    PARLEY_KAFKA_BOOTSTRAP_SERVERS   = module.kafka.bootstrap_brokers
    PARLEY_KAFKA_SECURITY_PROTOCOL   = module.kafka.security_protocol
    PARLEY_KAFKA_SASL_MECHANISM      = module.kafka.sasl_mechanism
    PARLEY_TOPOLOGY_STATE_DIR        = "/var/lib/parley/topology"
    PARLEY_TOPOLOGY_STANDBY_REPLICAS = tostring(var.topology.min_count > 1 ? 1 : 0)
    # MSK's 4.1 brokers have no streams groups (KIP-1071 is production-ready from Kafka 4.2).
    PARLEY_TOPOLOGY_GROUP_PROTOCOL            = "classic"
    PARLEY_TOPOLOGY_RATE_SUSTAINED_PER_SECOND = tostring(var.rate_sustained_per_second)
    PARLEY_TOPOLOGY_RATE_BURST                = tostring(var.rate_burst)
  }

  secrets = {}

  cpu                   = var.topology.cpu
  memory                = var.topology.memory
  cpu_architecture      = var.cpu_architecture
  ephemeral_storage_gib = var.topology.ephemeral_storage_gib
  stop_timeout_seconds  = 30
  observe_port          = local.observe_port
  task_role_policy_json = data.aws_iam_policy_document.topology.json

  # Restoring a task's stores from their changelogs happens before RUNNING (readiness), and
  # readiness then waits up to topology.warm-up-wait (45 s) for the JIT to go quiet.
  health_check_start_period_seconds = 180

  cluster_arn  = aws_ecs_cluster.this.arn
  cluster_name = aws_ecs_cluster.this.name
  vpc_id       = module.network.vpc_id
  subnet_ids   = module.network.private_subnet_ids

  # Consumer lag of the topology's group on its command inputs, per running task.
  autoscaling = {
    min_capacity = var.topology.min_count
    max_capacity = var.topology.max_count
    target_value = var.topology.lag_per_task_target
    metric_queries = [
      { id = "commands", metric = { namespace = "AWS/Kafka", metric_name = "SumOffsetLag", stat = "Average", dimensions = { "Cluster Name" = module.kafka.cluster_name, "Consumer Group" = "parley-topology", "Topic" = "parley.commands.v1" } } },
      { id = "edgecmds", metric = { namespace = "AWS/Kafka", metric_name = "SumOffsetLag", stat = "Average", dimensions = { "Cluster Name" = module.kafka.cluster_name, "Consumer Group" = "parley-topology", "Topic" = "parley.commands.v2" } } },
      { id = "byconv", metric = { namespace = "AWS/Kafka", metric_name = "SumOffsetLag", stat = "Average", dimensions = { "Cluster Name" = module.kafka.cluster_name, "Consumer Group" = "parley-topology", "Topic" = "parley.commands.by-conversation.v1" } } },
      { id = "tasks", metric = { namespace = "ECS/ContainerInsights", metric_name = "RunningTaskCount", stat = "Average", dimensions = { ClusterName = aws_ecs_cluster.this.name, ServiceName = "topology" } } },
      { id = "lag_per_task", label = "topology lag per task", expression = "(FILL(commands, 0) + FILL(edgecmds, 0) + FILL(byconv, 0)) / IF(tasks >= 1, tasks, 1)", return_data = true },
    ]
  }

  enable_execute_command = var.enable_execute_command
  log_retention_days     = var.log_retention_days
  tags                   = local.tags
}

module "sinks" {
  source = "../service"

  service     = "sinks"
  name_prefix = local.name
  image       = local.image["sinks"]
  start       = var.start_services

  environment = {
    PARLEY_OBSERVE_HOST            = "0.0.0.0"
    PARLEY_OBSERVE_PORT            = tostring(local.observe_port)
    PARLEY_OBSERVE_OTLP_ENDPOINT   = var.otlp_endpoint
    PARLEY_OBSERVE_LOG_HOPS        = "false"
    PARLEY_KAFKA_BOOTSTRAP_SERVERS = module.kafka.bootstrap_brokers
    PARLEY_KAFKA_SECURITY_PROTOCOL = module.kafka.security_protocol
    PARLEY_KAFKA_SASL_MECHANISM    = module.kafka.sasl_mechanism
    PARLEY_CQL_CONTACT_POINTS      = module.scylla.contact_points
    PARLEY_CQL_LOCAL_DATACENTER    = module.scylla.datacenter
    PARLEY_CQL_KEYSPACE            = var.cql_keyspace
    PARLEY_CQL_USERNAME            = module.scylla.cql_username
    PARLEY_CQL_TLS                 = tostring(var.cql_tls)
    PARLEY_REDIS_URI               = module.redis.uri
  }

  secrets = {
    PARLEY_CQL_PASSWORD   = module.scylla.cql_password_secret_arn
    PARLEY_REDIS_PASSWORD = module.redis.auth_token_secret_arn
  }

  cpu                   = var.sinks.cpu
  memory                = var.sinks.memory
  cpu_architecture      = var.cpu_architecture
  stop_timeout_seconds  = 30
  observe_port          = local.observe_port
  task_role_policy_json = data.aws_iam_policy_document.sinks.json

  # Both consumers join their groups, then readiness waits up to sinks.warm-up-wait (45 s) for
  # the JIT to go quiet: the partitions arrive on joining, before the instance is ready.
  health_check_start_period_seconds = 120

  cluster_arn  = aws_ecs_cluster.this.arn
  cluster_name = aws_ecs_cluster.this.name
  vpc_id       = module.network.vpc_id
  subnet_ids   = module.network.private_subnet_ids

  # Lag of both consumer groups (history writer, node router) on their main inputs, per task.
  autoscaling = {
    min_capacity = var.sinks.min_count
    max_capacity = var.sinks.max_count
    target_value = var.sinks.lag_per_task_target
    metric_queries = [
      { id = "history", metric = { namespace = "AWS/Kafka", metric_name = "SumOffsetLag", stat = "Average", dimensions = { "Cluster Name" = module.kafka.cluster_name, "Consumer Group" = "parley-sinks-history", "Topic" = "parley.messages.v1" } } },
      { id = "deliveries", metric = { namespace = "AWS/Kafka", metric_name = "SumOffsetLag", stat = "Average", dimensions = { "Cluster Name" = module.kafka.cluster_name, "Consumer Group" = "parley-sinks-router", "Topic" = "parley.deliveries.v1" } } },
      { id = "replies", metric = { namespace = "AWS/Kafka", metric_name = "SumOffsetLag", stat = "Average", dimensions = { "Cluster Name" = module.kafka.cluster_name, "Consumer Group" = "parley-sinks-router", "Topic" = "parley.replies.v1" } } },
      { id = "tasks", metric = { namespace = "ECS/ContainerInsights", metric_name = "RunningTaskCount", stat = "Average", dimensions = { ClusterName = aws_ecs_cluster.this.name, ServiceName = "sinks" } } },
      { id = "lag_per_task", label = "sinks lag per task", expression = "(FILL(history, 0) + FILL(deliveries, 0) + FILL(replies, 0)) / IF(tasks >= 1, tasks, 1)", return_data = true },
    ]
  }

  enable_execute_command = var.enable_execute_command
  log_retention_days     = var.log_retention_days
  tags                   = local.tags
}

module "edge" {
  source = "../service"

  service     = "edge"
  name_prefix = local.name
  image       = local.image["edge"]
  start       = var.start_services

  # No PARLEY_EDGE_NODE_ID: every task picks a random one at start, unique per running node.
  environment = {
    PARLEY_EDGE_HTTP_HOST          = "0.0.0.0"
    PARLEY_EDGE_HTTP_PORT          = tostring(local.edge_port)
    PARLEY_EDGE_JWKS_URL           = "http://auth.${local.dns_namespace}:${local.auth_port}/.well-known/jwks.json"
    PARLEY_EDGE_ALLOWED_ORIGINS    = local.allowed_origin
    PARLEY_EDGE_WEB_AUTH_URL       = "https://${local.auth_hostname}"
    PARLEY_EDGE_PING_INTERVAL      = "25s"
    PARLEY_EDGE_IDLE_TIMEOUT       = "60s"
    PARLEY_EDGE_DRAIN_TIMEOUT      = "5s"
    PARLEY_EDGE_LIMITS_SEND_RATE   = tostring(var.rate_sustained_per_second)
    PARLEY_EDGE_LIMITS_SEND_BURST  = tostring(var.rate_burst)
    PARLEY_OBSERVE_HOST            = "0.0.0.0"
    PARLEY_OBSERVE_PORT            = tostring(local.observe_port)
    PARLEY_OBSERVE_OTLP_ENDPOINT   = var.otlp_endpoint
    PARLEY_OBSERVE_LOG_HOPS        = "false"
    PARLEY_KAFKA_BOOTSTRAP_SERVERS = module.kafka.bootstrap_brokers
    PARLEY_KAFKA_SECURITY_PROTOCOL = module.kafka.security_protocol
    PARLEY_KAFKA_SASL_MECHANISM    = module.kafka.sasl_mechanism
    PARLEY_CQL_CONTACT_POINTS      = module.scylla.contact_points
    PARLEY_CQL_LOCAL_DATACENTER    = module.scylla.datacenter
    PARLEY_CQL_KEYSPACE            = var.cql_keyspace
    PARLEY_CQL_USERNAME            = module.scylla.cql_username
    PARLEY_CQL_TLS                 = tostring(var.cql_tls)
    PARLEY_REDIS_URI               = module.redis.uri
  }

  secrets = {
    PARLEY_CQL_PASSWORD   = module.scylla.cql_password_secret_arn
    PARLEY_REDIS_PASSWORD = module.redis.auth_token_secret_arn
  }

  cpu                   = var.edge.cpu
  memory                = var.edge.memory
  cpu_architecture      = var.cpu_architecture
  container_port        = local.edge_port
  observe_port          = local.observe_port
  nofile_limit          = 1048576
  task_role_policy_json = data.aws_iam_policy_document.edge.json

  # ECS waits for the target group's deregistration delay (10 s) before SIGTERM; then the edge's
  # drain (PARLEY_EDGE_DRAIN_TIMEOUT, 5 s) sends 1001 to what is left; SIGKILL comes 15 s later.
  stop_timeout_seconds = 15

  cluster_arn  = aws_ecs_cluster.this.arn
  cluster_name = aws_ecs_cluster.this.name
  vpc_id       = module.network.vpc_id
  subnet_ids   = module.network.private_subnet_ids

  load_balancer = {
    target_group_arn = module.ingress.edge_target_group_arn
    container_port   = local.edge_port
  }

  ingress = [
    { port = local.edge_port, security_group_id = module.ingress.alb_security_group_id, description = "Clients through the ALB" },
    { port = local.observe_port, security_group_id = module.ingress.alb_security_group_id, description = "ALB health checks" },
  ]

  custom_metrics = {
    collector_image         = var.metrics_collector_image
    namespace               = "Parley"
    metric_names            = ["parley_edge_sockets_open"]
    scrape_interval_seconds = 15
  }

  # Open WebSockets per task: the average of each task's own gauge.
  autoscaling = {
    min_capacity = var.edge.min_count
    max_capacity = var.edge.max_count
    target_value = var.edge.sockets_per_task_target
    metric_queries = [
      { id = "sockets", label = "open sockets per edge task", return_data = true, metric = { namespace = "Parley", metric_name = "parley_edge_sockets_open", stat = "Average", dimensions = { ClusterName = aws_ecs_cluster.this.name, ServiceName = "edge" } } },
    ]
    scale_in_cooldown_seconds = 600
  }

  enable_execute_command = var.enable_execute_command
  log_retention_days     = var.log_retention_days
  tags                   = local.tags
}

module "ops" {
  source = "../ops-task"

  service      = "ops"
  name_prefix  = local.name
  image        = local.image["ops"]
  cluster_name = aws_ecs_cluster.this.name

  environment = {
    PARLEY_KAFKA_BOOTSTRAP_SERVERS = module.kafka.bootstrap_brokers
    PARLEY_KAFKA_SECURITY_PROTOCOL = module.kafka.security_protocol
    PARLEY_KAFKA_SASL_MECHANISM    = module.kafka.sasl_mechanism
    PARLEY_CQL_CONTACT_POINTS      = module.scylla.contact_points
    PARLEY_CQL_LOCAL_DATACENTER    = module.scylla.datacenter
    PARLEY_CQL_KEYSPACE            = var.cql_keyspace
    PARLEY_CQL_USERNAME            = module.scylla.cql_username
    PARLEY_CQL_TLS                 = tostring(var.cql_tls)
  }

  secrets = {
    PARLEY_CQL_PASSWORD = module.scylla.cql_password_secret_arn
  }

  replication_factor     = module.kafka.default_replication_factor
  min_insync_replicas    = module.kafka.min_insync_replicas
  cql_datacenter         = module.scylla.datacenter
  cql_replication_factor = 3
  cpu_architecture       = var.cpu_architecture
  task_role_policy_json  = data.aws_iam_policy_document.ops.json

  vpc_id             = module.network.vpc_id
  subnet_ids         = module.network.private_subnet_ids
  log_retention_days = var.log_retention_days
  tags               = local.tags
}

# --- who may talk to the data stores ------------------------------------------------------------

locals {
  store_ingress = {
    kafka-edge     = { sg = module.kafka.security_group_id, from = module.edge.security_group_id, port = module.kafka.client_port }
    kafka-auth     = { sg = module.kafka.security_group_id, from = module.auth.security_group_id, port = module.kafka.client_port }
    kafka-topology = { sg = module.kafka.security_group_id, from = module.topology.security_group_id, port = module.kafka.client_port }
    kafka-sinks    = { sg = module.kafka.security_group_id, from = module.sinks.security_group_id, port = module.kafka.client_port }
    kafka-ops      = { sg = module.kafka.security_group_id, from = module.ops.security_group_id, port = module.kafka.client_port }
    redis-edge     = { sg = module.redis.security_group_id, from = module.edge.security_group_id, port = module.redis.port }
    redis-auth     = { sg = module.redis.security_group_id, from = module.auth.security_group_id, port = module.redis.port }
    redis-sinks    = { sg = module.redis.security_group_id, from = module.sinks.security_group_id, port = module.redis.port }
    postgres-auth  = { sg = module.postgres.security_group_id, from = module.auth.security_group_id, port = module.postgres.port }
  }
}

resource "aws_vpc_security_group_ingress_rule" "stores" {
  for_each = local.store_ingress

  security_group_id            = each.value.sg
  referenced_security_group_id = each.value.from
  from_port                    = each.value.port
  to_port                      = each.value.port
  ip_protocol                  = "tcp"
  description                  = each.key
}
