# One long-running Parley service on ECS Fargate: its own task role (what the code may do), its own
# execution role (what ECS may do to start it: pull, read its secrets, write its logs), log group,
# security group, health check, autoscaling, and optionally an ALB target and a Cloud Map name.

data "aws_region" "current" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  full_name = "${var.name_prefix}-${var.service}"
  min_count = var.start ? var.autoscaling.min_capacity : 0
  max_count = var.start ? var.autoscaling.max_capacity : 0

  # Secrets are referenced as `<secret arn>` or `<secret arn>:<json key>:<stage>:<version>`; the
  # execution role needs the secret ARN itself (its first seven colon-separated fields).
  secret_arns = distinct([for v in values(var.secrets) : join(":", slice(split(":", v), 0, 7))])

  port_mappings = concat(
    var.container_port == null ? [] : [{ name = "traffic", containerPort = var.container_port, protocol = "tcp" }],
    [{ name = "observe", containerPort = var.observe_port, protocol = "tcp" }],
  )

  app_container = {
    name      = var.service
    image     = var.image
    essential = true
    command   = var.command

    portMappings = local.port_mappings
    environment  = [for k in sort(keys(var.environment)) : { name = k, value = var.environment[k] }]
    secrets      = [for k in sort(keys(var.secrets)) : { name = k, valueFrom = var.secrets[k] }]

    # The image's own HEALTHCHECK (docker/healthcheck): GET /health/ready on the observe port.
    healthCheck = {
      command     = ["CMD", "/usr/local/bin/parley-healthcheck"]
      interval    = 10
      timeout     = 5
      retries     = 3
      startPeriod = var.health_check_start_period_seconds
    }

    # SIGTERM starts the service's drain; SIGKILL follows after this many seconds.
    stopTimeout = var.stop_timeout_seconds

    ulimits = [{ name = "nofile", softLimit = var.nofile_limit, hardLimit = var.nofile_limit }]

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = data.aws_region.current.region
        awslogs-stream-prefix = var.service
        mode                  = "non-blocking"
        max-buffer-size       = "25m"
      }
    }
  }

  # Scrapes this task's own /metrics and writes the chosen meters as CloudWatch metrics (embedded
  # metric format) with the dimensions ClusterName and ServiceName, one value per task: target
  # tracking on their Average is "per task".
  collector_config = var.custom_metrics == null ? null : yamlencode({
    receivers = {
      prometheus = {
        config = {
          scrape_configs = [{
            job_name        = var.service
            scrape_interval = "${var.custom_metrics.scrape_interval_seconds}s"
            static_configs = [{
              targets = ["127.0.0.1:${var.observe_port}"]
              labels  = { ClusterName = var.cluster_name, ServiceName = var.service }
            }]
            metric_relabel_configs = [{
              source_labels = ["__name__"]
              regex         = join("|", var.custom_metrics.metric_names)
              action        = "keep"
            }]
          }]
        }
      }
    }
    processors = { batch = { timeout = "10s" } }
    exporters = {
      awsemf = {
        namespace               = var.custom_metrics.namespace
        log_group_name          = aws_cloudwatch_log_group.metrics[0].name
        region                  = data.aws_region.current.region
        dimension_rollup_option = "NoDimensionRollup"
        metric_declarations = [{
          dimensions            = [["ClusterName", "ServiceName"]]
          metric_name_selectors = var.custom_metrics.metric_names
        }]
      }
    }
    service = {
      pipelines = {
        metrics = { receivers = ["prometheus"], processors = ["batch"], exporters = ["awsemf"] }
      }
    }
  })

  collector_container = var.custom_metrics == null ? [] : [{
    name              = "metrics-collector"
    image             = var.custom_metrics.collector_image
    essential         = false
    memoryReservation = 64
    environment       = [{ name = "AOT_CONFIG_CONTENT", value = local.collector_config }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = data.aws_region.current.region
        awslogs-stream-prefix = "metrics-collector"
      }
    }
  }]
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name_prefix}/${var.service}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "metrics" {
  count = var.custom_metrics == null ? 0 : 1

  name              = "/ecs/${var.name_prefix}/${var.service}/metrics"
  retention_in_days = 1
  kms_key_id        = var.log_kms_key_arn
  tags              = var.tags
}

# --- roles --------------------------------------------------------------------------------------

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
  description        = "Task role of ${local.full_name}: what the ${var.service} code may do."
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "task" {
  name   = "${var.service}-app"
  role   = aws_iam_role.task.id
  policy = var.task_role_policy_json
}

data "aws_iam_policy_document" "task_extra" {
  count = var.custom_metrics != null || var.enable_execute_command ? 1 : 0

  dynamic "statement" {
    for_each = var.custom_metrics == null ? [] : [1]
    content {
      sid       = "EmbeddedMetrics"
      actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
      resources = ["${aws_cloudwatch_log_group.metrics[0].arn}:*"]
    }
  }

  dynamic "statement" {
    for_each = var.enable_execute_command ? [1] : []
    content {
      sid = "ExecuteCommand"
      actions = [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ]
      resources = ["*"]
    }
  }
}

resource "aws_iam_role_policy" "task_extra" {
  count = var.custom_metrics != null || var.enable_execute_command ? 1 : 0

  name   = "${var.service}-platform"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task_extra[0].json
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

  dynamic "statement" {
    for_each = length(var.secret_kms_key_arns) > 0 ? [1] : []
    content {
      sid       = "DecryptOwnSecrets"
      actions   = ["kms:Decrypt"]
      resources = var.secret_kms_key_arns
    }
  }
}

resource "aws_iam_role_policy" "secrets" {
  count = length(var.secrets) > 0 ? 1 : 0

  name   = "${var.service}-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.secrets[0].json
}

# --- network ------------------------------------------------------------------------------------

resource "aws_security_group" "this" {
  name_prefix = "${local.full_name}-"
  description = "Tasks of ${local.full_name}."
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
  description       = "Kafka, Redis, PostgreSQL, CQL (peered) and AWS APIs through NAT"
}

resource "aws_vpc_security_group_ingress_rule" "this" {
  count = length(var.ingress)

  security_group_id            = aws_security_group.this.id
  referenced_security_group_id = var.ingress[count.index].security_group_id
  from_port                    = var.ingress[count.index].port
  to_port                      = var.ingress[count.index].port
  ip_protocol                  = "tcp"
  description                  = var.ingress[count.index].description
}

resource "aws_service_discovery_service" "this" {
  count = var.service_discovery == null ? 0 : 1

  name = var.service

  dns_config {
    namespace_id   = var.service_discovery.namespace_id
    routing_policy = "MULTIVALUE"

    dns_records {
      type = "A"
      ttl  = 10
    }
  }

  tags = var.tags
}

# --- task and service ---------------------------------------------------------------------------

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

  ephemeral_storage {
    size_in_gib = var.ephemeral_storage_gib
  }

  container_definitions = jsonencode(concat([local.app_container], local.collector_container))

  tags = var.tags
}

resource "aws_ecs_service" "this" {
  name             = var.service
  cluster          = var.cluster_arn
  task_definition  = aws_ecs_task_definition.this.arn
  desired_count    = local.min_count
  launch_type      = "FARGATE"
  platform_version = "LATEST"

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = var.load_balancer == null ? null : var.health_check_grace_period_seconds
  enable_execute_command             = var.enable_execute_command
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"

  # A new task definition that never turns healthy is rolled back to the last one that did.
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = [aws_security_group.this.id]
    assign_public_ip = false
  }

  dynamic "load_balancer" {
    for_each = var.load_balancer == null ? [] : [var.load_balancer]
    content {
      target_group_arn = load_balancer.value.target_group_arn
      container_name   = var.service
      container_port   = load_balancer.value.container_port
    }
  }

  dynamic "service_registries" {
    for_each = var.service_discovery == null ? [] : [1]
    content {
      registry_arn = aws_service_discovery_service.this[0].arn
    }
  }

  tags = var.tags

  # Autoscaling owns the running count once the service exists.
  lifecycle {
    ignore_changes = [desired_count]
  }
}

# --- autoscaling --------------------------------------------------------------------------------

resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${var.cluster_name}/${aws_ecs_service.this.name}"
  min_capacity       = local.min_count
  max_capacity       = local.max_count
  tags               = var.tags
}

resource "aws_appautoscaling_policy" "this" {
  name               = "${local.full_name}-${var.autoscaling.cpu ? "cpu" : "metric"}"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension
  resource_id        = aws_appautoscaling_target.this.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling.target_value
    scale_in_cooldown  = var.autoscaling.scale_in_cooldown_seconds
    scale_out_cooldown = var.autoscaling.scale_out_cooldown_seconds

    dynamic "predefined_metric_specification" {
      for_each = var.autoscaling.cpu ? [1] : []
      content {
        predefined_metric_type = "ECSServiceAverageCPUUtilization"
      }
    }

    dynamic "customized_metric_specification" {
      for_each = var.autoscaling.cpu ? [] : [1]
      content {
        dynamic "metrics" {
          for_each = var.autoscaling.metric_queries
          content {
            id          = metrics.value.id
            label       = metrics.value.label
            expression  = metrics.value.expression
            return_data = metrics.value.return_data

            dynamic "metric_stat" {
              for_each = metrics.value.metric == null ? [] : [metrics.value.metric]
              content {
                stat = metric_stat.value.stat

                metric {
                  namespace   = metric_stat.value.namespace
                  metric_name = metric_stat.value.metric_name

                  dynamic "dimensions" {
                    for_each = metric_stat.value.dimensions
                    content {
                      name  = dimensions.key
                      value = dimensions.value
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
