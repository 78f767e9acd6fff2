# The one public door: an ALB with TLS (ACM, DNS-validated in Route 53). Host-based routing gives the
# contract's two base URLs: https://<chat_hostname> (edge: REST and wss://.../ws) and
# https://<auth_hostname> (auth). No stickiness: the edge is stateless, any node takes any socket.

locals {
  hostnames = [var.chat_hostname, var.auth_hostname]
}

resource "aws_acm_certificate" "this" {
  domain_name               = var.chat_hostname
  subject_alternative_names = [var.auth_hostname]
  validation_method         = "DNS"
  key_algorithm             = "EC_prime256v1"
  tags                      = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

# Keyed by the host names we know at plan time, not by the certificate's computed validation set.
resource "aws_route53_record" "validation" {
  for_each = toset(local.hostnames)

  zone_id         = var.route53_zone_id
  allow_overwrite = true
  ttl             = 60
  name            = one([for o in aws_acm_certificate.this.domain_validation_options : o.resource_record_name if o.domain_name == each.key])
  type            = one([for o in aws_acm_certificate.this.domain_validation_options : o.resource_record_type if o.domain_name == each.key])
  records         = [one([for o in aws_acm_certificate.this.domain_validation_options : o.resource_record_value if o.domain_name == each.key])]
}

resource "aws_acm_certificate_validation" "this" {
  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]
}

resource "aws_security_group" "alb" {
  name_prefix = "${var.name}-alb-"
  description = "Public ALB of ${var.name}: HTTPS in, and to the edge and auth tasks."
  vpc_id      = var.vpc_id
  tags        = merge(var.tags, { Name = "${var.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "https" {
  for_each = toset(var.allowed_cidr_blocks)

  security_group_id = aws_security_group.alb.id
  cidr_ipv4         = each.key
  from_port         = 443
  to_port           = 443
  ip_protocol       = "tcp"
  description       = "HTTPS and WSS from clients"
}

resource "aws_vpc_security_group_ingress_rule" "http" {
  for_each = toset(var.allowed_cidr_blocks)

  security_group_id = aws_security_group.alb.id
  cidr_ipv4         = each.key
  from_port         = 80
  to_port           = 80
  ip_protocol       = "tcp"
  description       = "HTTP, redirected to HTTPS"
}

resource "aws_vpc_security_group_egress_rule" "to_vpc" {
  security_group_id = aws_security_group.alb.id
  cidr_ipv4         = var.vpc_cidr_block
  ip_protocol       = "tcp"
  from_port         = 1024
  to_port           = 65535
  description       = "To the targets (traffic and health ports) inside the VPC"
}

resource "aws_lb" "this" {
  name               = var.name
  load_balancer_type = "application"
  internal           = false
  subnets            = var.public_subnet_ids
  security_groups    = [aws_security_group.alb.id]

  # Above the edge's ping interval (25 s; the contract promises a ping at least every 30 s), so a
  # quiet but healthy WebSocket is never cut by the load balancer.
  idle_timeout = var.idle_timeout_seconds

  drop_invalid_header_fields = true
  enable_deletion_protection = var.deletion_protection
  enable_http2               = true

  dynamic "access_logs" {
    for_each = var.access_logs_bucket == null ? [] : [var.access_logs_bucket]
    content {
      bucket  = access_logs.value
      prefix  = var.name
      enabled = true
    }
  }

  tags = var.tags
}

resource "aws_lb_target_group" "edge" {
  name        = "${var.name}-edge"
  target_type = "ip"
  vpc_id      = var.vpc_id
  protocol    = "HTTP"
  port        = var.edge_port

  # ECS deregisters a task and waits this long before SIGTERM; the ALB then closes what is still
  # open and clients reconnect to another edge. Short: a socket cannot "finish" anyway.
  deregistration_delay = var.edge_deregistration_delay_seconds

  stickiness {
    type    = "lb_cookie"
    enabled = false
  }

  health_check {
    enabled             = true
    protocol            = "HTTP"
    port                = tostring(var.health_check_port)
    path                = "/health/ready"
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }

  tags = var.tags
}

resource "aws_lb_target_group" "auth" {
  name                 = "${var.name}-auth"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  protocol             = "HTTP"
  port                 = var.auth_port
  deregistration_delay = var.auth_deregistration_delay_seconds

  stickiness {
    type    = "lb_cookie"
    enabled = false
  }

  health_check {
    enabled             = true
    protocol            = "HTTP"
    port                = tostring(var.health_check_port)
    path                = "/health/ready"
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }

  tags = var.tags
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = aws_acm_certificate_validation.this.certificate_arn

  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "application/json"
      message_body = "{\"error\":\"not_found\"}"
      status_code  = "404"
    }
  }

  tags = var.tags
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }

  tags = var.tags
}

resource "aws_lb_listener_rule" "edge" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10

  condition {
    host_header {
      values = [var.chat_hostname]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.edge.arn
  }

  tags = var.tags
}

resource "aws_lb_listener_rule" "auth" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 20

  condition {
    host_header {
      values = [var.auth_hostname]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.auth.arn
  }

  tags = var.tags
}

resource "aws_route53_record" "alias" {
  for_each = toset(local.hostnames)

  zone_id = var.route53_zone_id
  name    = each.key
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}
