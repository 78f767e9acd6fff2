output "task_definition_family" {
  description = "Task definition family of the ops task (the latest revision runs)."
  value       = aws_ecs_task_definition.this.family
}

output "task_definition_arn" {
  description = "ARN of the current revision."
  value       = aws_ecs_task_definition.this.arn
}

output "security_group_id" {
  description = "Security group of the ops task (Kafka admits it)."
  value       = aws_security_group.this.id
}

output "task_role_arn" {
  description = "ARN of the ops task role."
  value       = aws_iam_role.task.arn
}

output "log_group_name" {
  description = "Log group of the ops runs (`DONE ops ...` or `FATAL ops: ...`)."
  value       = aws_cloudwatch_log_group.this.name
}

output "topics_apply_command" {
  description = "Arguments of the topics run (replication factor and min ISR included)."
  value       = local.topics_apply_command
}

output "cql_apply_command" {
  description = "Arguments of the schema run."
  value       = local.cql_apply_command
}

output "run_task_commands" {
  description = "Shell commands that start each ops run and print its task ARN: `topics_apply` first, then `cql_apply`."
  value       = local.run_commands
}

output "environment_keys" {
  description = "Names of the plain environment variables given to the container."
  value       = sort(keys(var.environment))
}
