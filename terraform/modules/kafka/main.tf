# Amazon MSK, provisioned (not Serverless: Kafka Streams creates its internal changelog and
# repartition topics with its own configs, and MSK Serverless restricts topic configs and creation
# in ways the topology cannot live with). KRaft metadata, three brokers over three AZs, TLS between
# clients and brokers and inside the cluster, IAM authentication (SCRAM optional).

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

resource "aws_security_group" "this" {
  name_prefix = "${var.name}-msk-"
  description = "MSK brokers of ${var.name}; ingress rules are added per client service by the caller."
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-msk" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "broker" {
  name              = "/aws/msk/${var.name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# Broker defaults for what Kafka Streams and the clients create without saying otherwise: the
# topology's internal topics and the transaction state log get replication 3 / min ISR 2 as well.
# topics.yaml's own topics get theirs from `ops topics apply` flags. The topology's and the sinks' 2 s
# session timeouts need group.min.session.timeout.ms lowered (dev.parley.common.kafka.BrokerSettings);
# the abort scan interval is not settable on MSK and stays at 10 s; the internal topics' segment sizes
# are not set here (terraform/README.md).
resource "aws_msk_configuration" "this" {
  name        = "${var.name}-parley"
  description = "Parley broker defaults (replication ${var.default_replication_factor}, min ISR ${var.min_insync_replicas}, no auto-created topics)."

  server_properties = <<-PROPERTIES
    auto.create.topics.enable=false
    default.replication.factor=${var.default_replication_factor}
    min.insync.replicas=${var.min_insync_replicas}
    offsets.topic.replication.factor=${var.default_replication_factor}
    transaction.state.log.replication.factor=${var.default_replication_factor}
    transaction.state.log.min.isr=${var.min_insync_replicas}
    unclean.leader.election.enable=false
    num.partitions=6
    group.min.session.timeout.ms=1000
  PROPERTIES
}

resource "aws_msk_cluster" "this" {
  cluster_name           = var.name
  kafka_version          = var.kafka_version
  number_of_broker_nodes = var.broker_count
  enhanced_monitoring    = var.enhanced_monitoring

  broker_node_group_info {
    instance_type   = var.broker_instance_type
    client_subnets  = var.subnet_ids
    security_groups = [aws_security_group.this.id]

    storage_info {
      ebs_storage_info {
        volume_size = var.broker_volume_size_gib
      }
    }
  }

  client_authentication {
    unauthenticated = false

    sasl {
      iam   = var.authentication == "iam"
      scram = var.authentication == "scram"
    }
  }

  encryption_info {
    encryption_at_rest_kms_key_arn = var.kms_key_arn

    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this.arn
    revision = aws_msk_configuration.this.latest_revision
  }

  logging_info {
    broker_logs {
      cloudwatch_logs {
        enabled   = true
        log_group = aws_cloudwatch_log_group.broker.name
      }
    }
  }

  tags = var.tags
}

# SCRAM (optional): each secret must be named AmazonMSK_*, encrypted with a customer-managed KMS key
# and hold {"username": ..., "password": ...} before it is associated. Parley's environments use IAM.
resource "aws_msk_scram_secret_association" "this" {
  count = var.authentication == "scram" && length(var.scram_secret_arns) > 0 ? 1 : 0

  cluster_arn     = aws_msk_cluster.this.arn
  secret_arn_list = var.scram_secret_arns
}

# Broker storage grows by itself (it can never shrink): parley.messages.v1 is kept forever.
resource "aws_appautoscaling_target" "storage" {
  service_namespace  = "kafka"
  scalable_dimension = "kafka:broker-storage:VolumeSize"
  resource_id        = aws_msk_cluster.this.arn
  min_capacity       = 1
  max_capacity       = var.broker_volume_max_size_gib
}

resource "aws_appautoscaling_policy" "storage" {
  name               = "${var.name}-broker-storage"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.storage.service_namespace
  scalable_dimension = aws_appautoscaling_target.storage.scalable_dimension
  resource_id        = aws_appautoscaling_target.storage.resource_id

  target_tracking_scaling_policy_configuration {
    target_value     = 60
    disable_scale_in = true

    predefined_metric_specification {
      predefined_metric_type = "KafkaBrokerStorageUtilization"
    }
  }
}

locals {
  # IAM resource ARNs of MSK: cluster/<name>/<uuid>, topic/<name>/<uuid>/<topic>,
  # group/<name>/<uuid>/<group>, transactional-id/<name>/<uuid>/<id>.
  arn_base = "arn:${data.aws_partition.current.partition}:kafka:${data.aws_region.current.region}:${data.aws_caller_identity.current.account_id}"
  suffix   = "${var.name}/${aws_msk_cluster.this.cluster_uuid}"
}
