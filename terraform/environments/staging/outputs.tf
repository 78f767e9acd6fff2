output "websocket_url" {
  description = "The chat WebSocket URL."
  value       = module.parley.websocket_url
}

output "rest_url" {
  description = "Base URL of the edge's REST API."
  value       = module.parley.rest_url
}

output "auth_url" {
  description = "Base URL of auth."
  value       = module.parley.auth_url
}

output "ecr_repository_urls" {
  description = "ECR repository per image."
  value       = module.parley.ecr_repository_urls
}

output "ecs_cluster_name" {
  description = "ECS cluster of the services."
  value       = module.parley.ecs_cluster_name
}

output "ops_run_task_commands" {
  description = "The `aws ecs run-task` commands of the ops task (topics_apply, then cql_apply)."
  value       = module.parley.ops_run_task_commands
}

output "ops_log_group_name" {
  description = "Log group of the ops runs."
  value       = module.parley.ops_log_group_name
}

output "signing_keys_secret_arn" {
  description = "Secret of auth's JWK set (put values with jwks-add-key)."
  value       = module.parley.signing_keys_secret_arn
}

output "cql_password_secret_arn" {
  description = "Secret for the ScyllaDB Cloud CQL password."
  value       = module.parley.cql_password_secret_arn
}

output "service_log_groups" {
  description = "Log group per service."
  value       = module.parley.service_log_groups
}

output "summary" {
  description = "Replication, encryption, timeouts and scaling bounds as planned."
  value       = module.parley.summary
}
