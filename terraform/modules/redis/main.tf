# ElastiCache for Valkey, cluster mode OFF: one shard (a primary and replicas in other AZs) with
# automatic failover. Why not cluster mode: Parley's clients connect to one standalone endpoint
# (sinks/CONFIG.md: "Redis (standalone)"), the edges also use classic pub/sub for
# `parley:revocations`, which in cluster mode is broadcast to every shard (AWS advises against
# heavy classic pub/sub there), and Parley's data (presence hashes, revocations, counters) is
# small and short-lived: one primary holds it, and it scales up by node type.
#
# TLS in transit is required and AUTH is on. The AUTH token is generated here and copied into
# Secrets Manager for the tasks; it is the one secret that also sits in Terraform state, because the
# ElastiCache API needs it at creation (see the README, "Secrets").

resource "random_password" "auth" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "auth" {
  name_prefix             = "${var.name}/redis-auth-token-"
  description             = "ElastiCache AUTH token of ${var.name} (PARLEY_REDIS_PASSWORD)."
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "auth" {
  secret_id     = aws_secretsmanager_secret.auth.id
  secret_string = random_password.auth.result
}

resource "aws_security_group" "this" {
  name_prefix = "${var.name}-redis-"
  description = "ElastiCache of ${var.name}; ingress rules are added per client service by the caller."
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-redis" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "slow" {
  name              = "/aws/elasticache/${var.name}/slow-log"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.name
  description          = "Parley presence, node channels and revocations (${var.name})"

  engine             = "valkey"
  engine_version     = var.engine_version
  node_type          = var.node_type
  port               = 6379
  cluster_mode       = "disabled"
  num_cache_clusters = var.node_count

  automatic_failover_enabled = var.node_count > 1
  multi_az_enabled           = var.node_count > 1

  subnet_group_name  = var.subnet_group_name
  security_group_ids = [aws_security_group.this.id]

  at_rest_encryption_enabled = true
  kms_key_id                 = var.kms_key_arn
  transit_encryption_enabled = true
  transit_encryption_mode    = "required"
  auth_token                 = random_password.auth.result

  snapshot_retention_limit   = var.snapshot_retention_days
  auto_minor_version_upgrade = true
  apply_immediately          = false

  log_delivery_configuration {
    destination      = aws_cloudwatch_log_group.slow.name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "slow-log"
  }

  tags = var.tags
}
