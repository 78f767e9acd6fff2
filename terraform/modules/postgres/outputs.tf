output "address" {
  description = "Host name of the instance."
  value       = aws_db_instance.this.address
}

output "port" {
  description = "PostgreSQL port."
  value       = aws_db_instance.this.port
}

output "jdbc_url" {
  description = "PARLEY_DB_URL: the parley database over TLS (sslmode=require; verify-full needs the RDS CA bundle in the image)."
  value       = "jdbc:postgresql://${aws_db_instance.this.address}:${aws_db_instance.this.port}/parley?sslmode=require"
}

output "username" {
  description = "PARLEY_DB_USER."
  value       = aws_db_instance.this.username
}

output "master_user_secret_arn" {
  description = "ARN of the RDS-managed secret (JSON with `username` and `password`); PARLEY_DB_PASSWORD reads `<arn>:password::`."
  value       = aws_db_instance.this.master_user_secret[0].secret_arn
}

output "security_group_id" {
  description = "Security group of the instance; the caller adds one ingress rule per client."
  value       = aws_security_group.this.id
}

output "multi_az" {
  description = "Whether the instance is Multi-AZ."
  value       = aws_db_instance.this.multi_az
}

output "storage_encrypted" {
  description = "Whether storage is encrypted (always)."
  value       = aws_db_instance.this.storage_encrypted
}
