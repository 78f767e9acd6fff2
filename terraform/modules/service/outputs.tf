output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.this.name
}

output "security_group_id" {
  description = "Security group of the tasks (data stores admit it)."
  value       = aws_security_group.this.id
}

output "task_role_arn" {
  description = "ARN of the task role."
  value       = aws_iam_role.task.arn
}

output "task_role_name_prefix" {
  description = "Name prefix of this service's own task role."
  value       = aws_iam_role.task.name_prefix
}

output "execution_role_arn" {
  description = "ARN of the execution role."
  value       = aws_iam_role.execution.arn
}

output "log_group_name" {
  description = "CloudWatch log group of the service (one record per line)."
  value       = aws_cloudwatch_log_group.this.name
}

output "task_definition_arn" {
  description = "ARN of the current task definition revision."
  value       = aws_ecs_task_definition.this.arn
}

output "task_definition_family" {
  description = "Task definition family."
  value       = aws_ecs_task_definition.this.family
}

output "stop_timeout_seconds" {
  description = "Seconds between SIGTERM and SIGKILL."
  value       = var.stop_timeout_seconds
}

output "ephemeral_storage_gib" {
  description = "Ephemeral storage of each task in GiB."
  value       = var.ephemeral_storage_gib
}

output "autoscaling_min_capacity" {
  description = "Minimum task count."
  value       = aws_appautoscaling_target.this.min_capacity
}

output "autoscaling_max_capacity" {
  description = "Maximum task count."
  value       = aws_appautoscaling_target.this.max_capacity
}

output "autoscaling_policy_name" {
  description = "Name of the target tracking policy."
  value       = aws_appautoscaling_policy.this.name
}

output "autoscaling_metric" {
  description = "What the policy tracks: `cpu`, or the label of the metric query that returns the value."
  value       = var.autoscaling.cpu ? "cpu" : one([for q in var.autoscaling.metric_queries : coalesce(q.label, q.id) if q.return_data])
}

output "environment_keys" {
  description = "Names of the plain environment variables given to the container."
  value       = sort(keys(var.environment))
}

output "secret_environment_names" {
  description = "Names of the environment variables injected from Secrets Manager."
  value       = sort(keys(var.secrets))
}
