output "cluster_name" {
  description = "Name of the MSK cluster (the `Cluster Name` dimension of its CloudWatch metrics)."
  value       = aws_msk_cluster.this.cluster_name
}

output "cluster_arn" {
  description = "ARN of the MSK cluster (kafka-cluster:Connect and friends in IAM policies)."
  value       = aws_msk_cluster.this.arn
}

output "broker_count" {
  description = "Number of brokers."
  value       = aws_msk_cluster.this.number_of_broker_nodes
}

output "bootstrap_brokers" {
  description = "Bootstrap servers for the configured authentication (port 9098 for IAM, 9096 for SCRAM), TLS in both cases."
  value       = var.authentication == "iam" ? aws_msk_cluster.this.bootstrap_brokers_sasl_iam : aws_msk_cluster.this.bootstrap_brokers_sasl_scram
}

output "client_port" {
  description = "The TCP port clients use (9098 IAM, 9096 SCRAM)."
  value       = var.authentication == "iam" ? 9098 : 9096
}

output "security_protocol" {
  description = "PARLEY_KAFKA_SECURITY_PROTOCOL for the clients."
  value       = "SASL_SSL"
}

output "sasl_mechanism" {
  description = "PARLEY_KAFKA_SASL_MECHANISM for the clients."
  value       = var.authentication == "iam" ? "AWS_MSK_IAM" : "SCRAM-SHA-512"
}

output "security_group_id" {
  description = "Security group of the brokers; the caller adds one ingress rule per client."
  value       = aws_security_group.this.id
}

output "topic_arn_prefix" {
  description = "Prefix of this cluster's topic ARNs for IAM (append a topic name or a wildcard pattern)."
  value       = "${local.arn_base}:topic/${local.suffix}/"
}

output "group_arn_prefix" {
  description = "Prefix of this cluster's consumer group ARNs for IAM."
  value       = "${local.arn_base}:group/${local.suffix}/"
}

output "transactional_id_arn_prefix" {
  description = "Prefix of this cluster's transactional-id ARNs for IAM."
  value       = "${local.arn_base}:transactional-id/${local.suffix}/"
}

output "default_replication_factor" {
  description = "The broker default replication factor."
  value       = var.default_replication_factor
}

output "min_insync_replicas" {
  description = "The broker default min.insync.replicas."
  value       = var.min_insync_replicas
}
