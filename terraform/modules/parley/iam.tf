# Least-privilege Kafka permissions per service (MSK IAM authentication). Which service touches
# which topic and group comes from topics.yaml and each service's CONFIG.md:
#   edge      produces parley.commands.v2, dead-letters (node channel poison)
#   auth      produces parley.memberships.v1 (outbox relay)
#   topology  Kafka Streams, exactly-once: reads commands (v1, v2), by-conversation and memberships, writes
#             by-conversation, messages, deliveries, replies, reads, dead-letters; creates and owns
#             its internal topics parley-topology-*; group and transactional ids parley-topology*
#   sinks     reads messages, reads, memberships (group parley-sinks-history) and deliveries,
#             replies (group parley-sinks-router); produces dead-letters
#   ops       creates topics.yaml's topics, raises partitions, sets their configs
# Every client checks readiness with an admin DescribeCluster and produces idempotently.

locals {
  cluster_arn = module.kafka.cluster_arn
  topic       = module.kafka.topic_arn_prefix
  group       = module.kafka.group_arn_prefix
  txn         = module.kafka.transactional_id_arn_prefix

  connect_actions = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster"]
  produce_actions = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"]
}

data "aws_iam_policy_document" "edge" {
  statement {
    sid       = "Cluster"
    actions   = local.produce_actions
    resources = [local.cluster_arn]
  }

  statement {
    sid       = "Produce"
    actions   = ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"]
    resources = ["${local.topic}parley.commands.v2", "${local.topic}parley.dead-letters.v1"]
  }
}

data "aws_iam_policy_document" "auth" {
  statement {
    sid       = "Cluster"
    actions   = local.produce_actions
    resources = [local.cluster_arn]
  }

  statement {
    sid       = "Produce"
    actions   = ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"]
    resources = ["${local.topic}parley.memberships.v1"]
  }
}

data "aws_iam_policy_document" "topology" {
  statement {
    sid       = "Cluster"
    actions   = local.produce_actions
    resources = [local.cluster_arn]
  }

  statement {
    sid     = "Read"
    actions = ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"]
    resources = [
      "${local.topic}parley.commands.v1",
      "${local.topic}parley.commands.v2",
      "${local.topic}parley.commands.by-conversation.v1",
      "${local.topic}parley.memberships.v1",
    ]
  }

  statement {
    sid     = "Write"
    actions = ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"]
    resources = [
      "${local.topic}parley.commands.by-conversation.v1",
      "${local.topic}parley.messages.v1",
      "${local.topic}parley.deliveries.v1",
      "${local.topic}parley.replies.v1",
      "${local.topic}parley.reads.v1",
      "${local.topic}parley.dead-letters.v1",
    ]
  }

  # Changelog and repartition topics: <application.id>-<store>-changelog etc.
  statement {
    sid = "InternalTopics"
    actions = [
      "kafka-cluster:CreateTopic",
      "kafka-cluster:DescribeTopic",
      "kafka-cluster:AlterTopic",
      "kafka-cluster:DescribeTopicDynamicConfiguration",
      "kafka-cluster:AlterTopicDynamicConfiguration",
      "kafka-cluster:ReadData",
      "kafka-cluster:WriteData",
    ]
    resources = ["${local.topic}parley-topology-*"]
  }

  statement {
    sid       = "Group"
    actions   = ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]
    resources = ["${local.group}parley-topology"]
  }

  # exactly_once_v2: one transactional id per stream thread, prefixed with the application id.
  statement {
    sid       = "Transactions"
    actions   = ["kafka-cluster:DescribeTransactionalId", "kafka-cluster:AlterTransactionalId"]
    resources = ["${local.txn}parley-topology-*"]
  }
}

data "aws_iam_policy_document" "sinks" {
  statement {
    sid       = "Cluster"
    actions   = local.produce_actions
    resources = [local.cluster_arn]
  }

  statement {
    sid     = "Read"
    actions = ["kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"]
    resources = [
      "${local.topic}parley.messages.v1",
      "${local.topic}parley.reads.v1",
      "${local.topic}parley.memberships.v1",
      "${local.topic}parley.deliveries.v1",
      "${local.topic}parley.replies.v1",
    ]
  }

  statement {
    sid       = "DeadLetters"
    actions   = ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"]
    resources = ["${local.topic}parley.dead-letters.v1"]
  }

  statement {
    sid       = "Groups"
    actions   = ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]
    resources = ["${local.group}parley-sinks-history", "${local.group}parley-sinks-router"]
  }
}

data "aws_iam_policy_document" "ops" {
  statement {
    sid       = "Cluster"
    actions   = local.connect_actions
    resources = [local.cluster_arn]
  }

  statement {
    sid = "Topics"
    actions = [
      "kafka-cluster:CreateTopic",
      "kafka-cluster:DescribeTopic",
      "kafka-cluster:AlterTopic",
      "kafka-cluster:DescribeTopicDynamicConfiguration",
      "kafka-cluster:AlterTopicDynamicConfiguration",
    ]
    resources = ["${local.topic}parley.*"]
  }
}
