output "contact_points" {
  description = "PARLEY_CQL_CONTACT_POINTS: every node's DNS name (resolving to its private address over the peering) with port 9042; names, not IPs, so TLS host name checks can pass."
  value       = local.contact_points
}

output "datacenter" {
  description = "PARLEY_CQL_LOCAL_DATACENTER and the data center of the keyspace's NetworkTopologyStrategy (e.g. AWS_EU_WEST_1)."
  value       = scylladbcloud_cluster.this.datacenter
}

output "cql_username" {
  description = "PARLEY_CQL_USERNAME."
  value       = var.cql_username
}

output "cql_password_secret_arn" {
  description = "Secret the operator puts the CQL password into (a plain string): the valueFrom of PARLEY_CQL_PASSWORD."
  value       = aws_secretsmanager_secret.cql_password.arn
}

output "cluster_id" {
  description = "ScyllaDB Cloud cluster id."
  value       = scylladbcloud_cluster.this.cluster_id
}

output "node_count" {
  description = "Configured number of nodes."
  value       = var.node_count
}
