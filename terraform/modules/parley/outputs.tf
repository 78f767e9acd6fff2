# Nothing secret is output: secrets are referenced by ARN only, and their values live in
# Secrets Manager.

output "websocket_url" {
  description = "The chat WebSocket URL (clients connect here with their access token)."
  value       = module.ingress.websocket_url
}

output "rest_url" {
  description = "Base URL of the edge's REST API (history, conversations, presence)."
  value       = module.ingress.chat_url
}

output "auth_url" {
  description = "Base URL of auth (register, login, refresh, conversations, JWKS)."
  value       = module.ingress.auth_url
}

output "ecr_repository_urls" {
  description = "ECR repository per image: push `<url>:<image_tag>` built from the Dockerfile's target of the same name."
  value       = module.ecr.repository_urls
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "ops_run_task_commands" {
  description = "Run these before every deploy, topics_apply first, and wait for each task to stop with exit code 0 (README, \"Deploy\")."
  value       = module.ops.run_task_commands
}

output "ops_log_group_name" {
  description = "Where the ops runs log (`DONE ops ...` or `FATAL ops: ...`)."
  value       = module.ops.log_group_name
}

output "signing_keys_secret_arn" {
  description = "Secret of auth's JWK set (created empty; put the first key with jwks-add-key)."
  value       = aws_secretsmanager_secret.signing_keys.arn
}

output "cql_password_secret_arn" {
  description = "Secret to put the ScyllaDB Cloud CQL password into (created empty)."
  value       = module.scylla.cql_password_secret_arn
}

output "scylla_datacenter" {
  description = "ScyllaDB Cloud data center name (keyspace replication)."
  value       = module.scylla.datacenter
}

output "service_log_groups" {
  description = "CloudWatch log group per service."
  value = {
    edge     = module.edge.log_group_name
    auth     = module.auth.log_group_name
    topology = module.topology.log_group_name
    sinks    = module.sinks.log_group_name
    ops      = module.ops.log_group_name
  }
}

output "service_task_roles" {
  description = "Task role ARN per service (each its own)."
  value = {
    edge     = module.edge.task_role_arn
    auth     = module.auth.task_role_arn
    topology = module.topology.task_role_arn
    sinks    = module.sinks.task_role_arn
    ops      = module.ops.task_role_arn
  }
}

# What reviewers check, as plain values known at plan time (the tests assert on these).
output "summary" {
  description = "The properties the tests assert: replication, encryption, timeouts and scaling bounds."
  value = {
    kafka_broker_count          = module.kafka.broker_count
    kafka_replication_factor    = module.kafka.default_replication_factor
    kafka_min_insync_replicas   = module.kafka.min_insync_replicas
    ops_topics_apply_command    = module.ops.topics_apply_command
    ops_cql_apply_command       = module.ops.cql_apply_command
    alb_idle_timeout_seconds    = module.ingress.idle_timeout_seconds
    alb_stickiness              = module.ingress.stickiness_enabled
    edge_deregistration_delay   = module.ingress.edge_deregistration_delay_seconds
    edge_stop_timeout_seconds   = module.edge.stop_timeout_seconds
    postgres_multi_az           = module.postgres.multi_az
    postgres_storage_encrypted  = module.postgres.storage_encrypted
    redis_transit_encryption    = module.redis.transit_encryption_enabled
    redis_auth_enabled          = module.redis.auth_enabled
    redis_cluster_mode          = module.redis.cluster_mode
    edge_autoscaling_metric     = module.edge.autoscaling_metric
    edge_autoscaling_max        = module.edge.autoscaling_max_capacity
    auth_autoscaling_metric     = module.auth.autoscaling_metric
    topology_autoscaling_max    = module.topology.autoscaling_max_capacity
    topology_autoscaling_metric = module.topology.autoscaling_metric
    sinks_autoscaling_max       = module.sinks.autoscaling_max_capacity
    sinks_autoscaling_metric    = module.sinks.autoscaling_metric
    input_partitions            = local.input_partitions
    topology_ephemeral_gib      = module.topology.ephemeral_storage_gib
    log_groups                  = [module.edge.log_group_name, module.auth.log_group_name, module.topology.log_group_name, module.sinks.log_group_name, module.ops.log_group_name]
    task_role_prefixes          = [module.edge.task_role_name_prefix, module.auth.task_role_name_prefix, module.topology.task_role_name_prefix, module.sinks.task_role_name_prefix]
    environment_keys = {
      edge     = module.edge.environment_keys
      auth     = module.auth.environment_keys
      topology = module.topology.environment_keys
      sinks    = module.sinks.environment_keys
      ops      = module.ops.environment_keys
    }
  }
}
