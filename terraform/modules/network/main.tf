# One VPC over three availability zones (terraform-aws-modules/vpc). Only the load balancer lives
# in the public subnets; the tasks, brokers, Redis and PostgreSQL are in private subnets and reach
# the internet (ECR, Secrets Manager, CloudWatch) through NAT gateways.

locals {
  # Four /20-sized blocks per kind out of a /16: public 0-2, private 4-6, database 8-10,
  # elasticache 12-14 (newbits 4). Private subnets are the large ones: every Fargate task takes an
  # address there.
  public_subnets      = [for i, _ in var.azs : cidrsubnet(var.cidr, 4, i)]
  private_subnets     = [for i, _ in var.azs : cidrsubnet(var.cidr, 4, i + 4)]
  database_subnets    = [for i, _ in var.azs : cidrsubnet(var.cidr, 4, i + 8)]
  elasticache_subnets = [for i, _ in var.azs : cidrsubnet(var.cidr, 4, i + 12)]
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "6.6.0"

  name = var.name
  cidr = var.cidr
  azs  = var.azs

  public_subnets      = local.public_subnets
  private_subnets     = local.private_subnets
  database_subnets    = local.database_subnets
  elasticache_subnets = local.elasticache_subnets

  create_database_subnet_group    = true
  create_elasticache_subnet_group = true

  enable_nat_gateway     = true
  single_nat_gateway     = var.single_nat_gateway
  one_nat_gateway_per_az = !var.single_nat_gateway

  enable_dns_hostnames = true
  enable_dns_support   = true

  # Nothing uses the default security group; keep it closed.
  manage_default_security_group = true

  enable_flow_log                                 = var.enable_flow_log
  create_flow_log_cloudwatch_log_group            = var.enable_flow_log
  create_flow_log_cloudwatch_iam_role             = var.enable_flow_log
  flow_log_max_aggregation_interval               = 60
  flow_log_cloudwatch_log_group_retention_in_days = var.flow_log_retention_days

  tags = var.tags
}
