output "uri" {
  description = "PARLEY_REDIS_URI: TLS (`rediss://`) to the primary endpoint."
  value       = "rediss://${aws_elasticache_replication_group.this.primary_endpoint_address}:6379"
}

output "auth_token_secret_arn" {
  description = "Secrets Manager secret holding the AUTH token (a plain string): the valueFrom of PARLEY_REDIS_PASSWORD."
  value       = aws_secretsmanager_secret.auth.arn
}

output "security_group_id" {
  description = "Security group of the replication group; the caller adds one ingress rule per client."
  value       = aws_security_group.this.id
}

output "port" {
  description = "The Redis port."
  value       = 6379
}

output "transit_encryption_enabled" {
  description = "Whether TLS in transit is on (always)."
  value       = aws_elasticache_replication_group.this.transit_encryption_enabled
}

output "auth_enabled" {
  description = "Whether AUTH is required: a generated token of at least 16 characters is set."
  value       = random_password.auth.length >= 16 && !random_password.auth.special
}

output "cluster_mode" {
  description = "Cluster mode of the replication group (disabled, see main.tf)."
  value       = aws_elasticache_replication_group.this.cluster_mode
}

output "multi_az_enabled" {
  description = "Whether a replica in another AZ takes over automatically."
  value       = aws_elasticache_replication_group.this.multi_az_enabled
}
