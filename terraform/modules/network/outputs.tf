output "vpc_id" {
  description = "ID of the VPC."
  value       = module.vpc.vpc_id
}

output "vpc_cidr_block" {
  description = "CIDR block of the VPC."
  value       = module.vpc.vpc_cidr_block
}

output "azs" {
  description = "The availability zones the subnets are in."
  value       = var.azs
}

output "public_subnet_ids" {
  description = "Public subnets (the load balancer only)."
  value       = module.vpc.public_subnets
}

output "public_subnet_cidr_blocks" {
  description = "CIDR blocks of the public subnets: the load balancer's addresses, i.e. auth's trusted proxies."
  value       = module.vpc.public_subnets_cidr_blocks
}

output "private_subnet_ids" {
  description = "Private subnets of the ECS tasks and the MSK brokers."
  value       = module.vpc.private_subnets
}

output "private_subnet_cidr_blocks" {
  description = "CIDR blocks of the private subnets."
  value       = module.vpc.private_subnets_cidr_blocks
}

output "private_route_table_ids" {
  description = "Route tables of the private subnets (routes to the ScyllaDB Cloud peering are added here)."
  value       = module.vpc.private_route_table_ids
}

output "database_subnet_group_name" {
  description = "DB subnet group of the RDS instance."
  value       = module.vpc.database_subnet_group_name
}

output "elasticache_subnet_group_name" {
  description = "Subnet group of the ElastiCache replication group."
  value       = module.vpc.elasticache_subnet_group_name
}
