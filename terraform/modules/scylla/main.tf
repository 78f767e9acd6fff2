# ScyllaDB Cloud (scylladb/scylladbcloud): a managed three-node cluster in its own VPC, peered with
# ours, CQL allowed from our VPC only. ScyllaDB runs and repairs it, backs it up and upgrades it;
# the alternative (a self-managed cluster on i4i instances) is weighed in the README.
#
# The CQL password is never read into Terraform: the secret below is created EMPTY, and the
# operator puts the password from the ScyllaDB Cloud console into it (README, step "Secrets").

resource "scylladbcloud_cluster" "this" {
  name           = var.name
  cloud          = "AWS"
  region         = var.region
  node_type      = var.node_type
  min_nodes      = var.node_count
  cidr_block     = var.cidr_block
  scylla_version = var.scylla_version

  user_api_interface    = "CQL"
  enable_vpc_peering    = true
  enable_dns            = true
  backup_retention_days = var.backup_retention_days
}

resource "scylladbcloud_vpc_peering" "this" {
  cluster_id = scylladbcloud_cluster.this.cluster_id
  datacenter = scylladbcloud_cluster.this.datacenter

  peer_vpc_id     = var.peer_vpc_id
  peer_cidr_block = var.peer_vpc_cidr_block
  peer_region     = var.region
  peer_account_id = var.peer_account_id

  allow_cql = true
}

resource "aws_vpc_peering_connection_accepter" "this" {
  vpc_peering_connection_id = scylladbcloud_vpc_peering.this.connection_id
  auto_accept               = true
  tags                      = merge(var.tags, { Name = "${var.name}-scylladb-cloud" })
}

# Only the private subnets (where the tasks run) route to the cluster.
resource "aws_route" "to_scylla" {
  count = length(var.private_route_table_ids)

  route_table_id            = var.private_route_table_ids[count.index]
  destination_cidr_block    = var.cidr_block
  vpc_peering_connection_id = aws_vpc_peering_connection_accepter.this.id
}

resource "aws_secretsmanager_secret" "cql_password" {
  name_prefix             = "${var.name}/cql-password-"
  description             = "Password of CQL user ${var.cql_username} on ScyllaDB Cloud cluster ${var.name} (PARLEY_CQL_PASSWORD). Put by the operator; Terraform never writes a value."
  kms_key_id              = var.kms_key_arn
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = var.tags
}

locals {
  contact_points = join(",", [for host in sort(tolist(scylladbcloud_cluster.this.node_dns_names)) : "${host}:9042"])
}
