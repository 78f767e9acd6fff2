# Mock data for the aws provider in every terraform test (see ../README.md).
mock_data "aws_region" {
  defaults = {
    name   = "eu-west-1"
    region = "eu-west-1"
  }
}

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition = "aws"
  }
}

mock_data "aws_iam_policy_document" {
  defaults = {
    json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
  }
}

mock_resource "aws_vpc" {
  defaults = {
    id = "vpc-0123456789abcdef0"
  }
}

mock_resource "aws_ecs_cluster" {
  defaults = {
    arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/parley-test"
  }
}

mock_resource "aws_secretsmanager_secret" {
  defaults = {
    arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:parley-test/secret-AbCdEf"
  }
}

mock_resource "aws_db_instance" {
  defaults = {
    address = "parley-test.abcdefghijkl.eu-west-1.rds.amazonaws.com"
    master_user_secret = [{
      secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0000-AbCdEf"
      kms_key_id    = "arn:aws:kms:eu-west-1:123456789012:key/00000000-0000-0000-0000-000000000000"
      secret_status = "active"
    }]
  }
}

mock_resource "aws_msk_cluster" {
  defaults = {
    arn                        = "arn:aws:kafka:eu-west-1:123456789012:cluster/parley-test/11111111-2222-3333-4444-555555555555-1"
    cluster_uuid               = "11111111-2222-3333-4444-555555555555-1"
    bootstrap_brokers_sasl_iam = "b-1.parley.kafka.eu-west-1.amazonaws.com:9098,b-2.parley.kafka.eu-west-1.amazonaws.com:9098"
  }
}
