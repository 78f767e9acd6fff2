# The `ops` image as a one-shot Fargate task: a task definition and nothing that keeps it running.
# Run before every deploy (both commands are idempotent and never delete anything):
#   ops topics apply --replication-factor 3 --min-insync-replicas 2   (Kafka Admin API, topics.yaml)
#   ops cql apply --replication "{'class':'NetworkTopologyStrategy','<dc>':3}"
# The exact `aws ecs run-task` commands are outputs of this module.

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  full_name   = "${var.name_prefix}-ops"
  secret_arns = distinct([for v in values(var.secrets) : join(":", slice(split(":", v), 0, 7))])

  topics_apply_command = [
    "topics", "apply",
    "--file", "/app/topics.yaml",
    "--replication-factor", tostring(var.replication_factor),
    "--min-insync-replicas", tostring(var.min_insync_replicas),
  ]

  cql_apply_command = [
    "cql", "apply",
    "--replication", "{'class': 'NetworkTopologyStrategy', '${var.cql_datacenter}': ${var.cql_replication_factor}}",
  ]

  network_configuration = "awsvpcConfiguration={subnets=[${join(",", var.subnet_ids)}],securityGroups=[${aws_security_group.this.id}],assignPublicIp=DISABLED}"

  run_task = join(" ", [
    "aws ecs run-task",
    "--region ${data.aws_region.current.region}",
    "--cluster ${var.cluster_name}",
    "--task-definition ${aws_ecs_task_definition.this.family}",
    "--launch-type FARGATE",
    "--started-by deploy",
    "--network-configuration '${local.network_configuration}'",
  ])

  # The overrides go inside single quotes in the shell, so a quote in them (the CQL replication
  # map has some) is written '\'' .
  overrides = {
    topics_apply = replace(jsonencode({ containerOverrides = [{ name = "ops", command = local.topics_apply_command }] }), "'", "'\\''")
    cql_apply    = replace(jsonencode({ containerOverrides = [{ name = "ops", command = local.cql_apply_command }] }), "'", "'\\''")
  }

  run_commands = {
    for k, o in local.overrides : k => "${local.run_task} --overrides '${o}' --query 'tasks[0].taskArn' --output text"
  }
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name_prefix}/ops"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_iam_role" "task" {
  name_prefix        = substr("${local.full_name}-task-", 0, 38)
  description        = "Task role of ${local.full_name}: apply topics.yaml through the Kafka Admin API."
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "task" {
  name   = "ops-app"
  role   = aws_iam_role.task.id
  policy = var.task_role_policy_json
}

resource "aws_iam_role" "execution" {
  name_prefix        = substr("${local.full_name}-exec-", 0, 38)
  description        = "Execution role of ${local.full_name}: pull the image, read its secrets, write its logs."
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "secrets" {
  count = length(var.secrets) > 0 ? 1 : 0

  statement {
    sid       = "ReadOwnSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = local.secret_arns
  }
}

resource "aws_iam_role_policy" "secrets" {
  count = length(var.secrets) > 0 ? 1 : 0

  name   = "ops-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.secrets[0].json
}

resource "aws_security_group" "this" {
  name_prefix = "${local.full_name}-"
  description = "One-shot ops tasks of ${var.name_prefix}: outbound only."
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = local.full_name })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_egress_rule" "all" {
  security_group_id = aws_security_group.this.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
  description       = "Kafka, CQL (peered) and AWS APIs through NAT"
}

resource "aws_ecs_task_definition" "this" {
  family                   = local.full_name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.cpu)
  memory                   = tostring(var.memory)
  task_role_arn            = aws_iam_role.task.arn
  execution_role_arn       = aws_iam_role.execution.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([{
    name        = "ops"
    image       = var.image
    essential   = true
    command     = ["help"]
    environment = [for k in sort(keys(var.environment)) : { name = k, value = var.environment[k] }]
    secrets     = [for k in sort(keys(var.secrets)) : { name = k, valueFrom = var.secrets[k] }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = data.aws_region.current.region
        awslogs-stream-prefix = "ops"
      }
    }
  }])

  tags = var.tags
}
