output "alb_arn" {
  description = "ARN of the load balancer."
  value       = aws_lb.this.arn
}

output "alb_dns_name" {
  description = "DNS name of the load balancer (the Route 53 aliases point here)."
  value       = aws_lb.this.dns_name
}

output "alb_security_group_id" {
  description = "Security group of the load balancer: the edge and auth tasks admit it."
  value       = aws_security_group.alb.id
}

output "idle_timeout_seconds" {
  description = "The ALB idle timeout in seconds."
  value       = aws_lb.this.idle_timeout
}

output "edge_target_group_arn" {
  description = "Target group of the edge tasks."
  value       = aws_lb_target_group.edge.arn
}

output "auth_target_group_arn" {
  description = "Target group of the auth tasks."
  value       = aws_lb_target_group.auth.arn
}

output "edge_target_group_arn_suffix" {
  description = "ARN suffix of the edge target group (CloudWatch dimension TargetGroup)."
  value       = aws_lb_target_group.edge.arn_suffix
}

output "edge_deregistration_delay_seconds" {
  description = "Deregistration delay of the edge target group."
  value       = aws_lb_target_group.edge.deregistration_delay
}

output "stickiness_enabled" {
  description = "Whether either target group uses stickiness (never: the edge is stateless)."
  value       = aws_lb_target_group.edge.stickiness[0].enabled || aws_lb_target_group.auth.stickiness[0].enabled
}

output "chat_url" {
  description = "Base URL of the edge's REST API."
  value       = "https://${var.chat_hostname}"
}

output "websocket_url" {
  description = "The chat WebSocket URL."
  value       = "wss://${var.chat_hostname}/ws"
}

output "auth_url" {
  description = "Base URL of auth."
  value       = "https://${var.auth_hostname}"
}
