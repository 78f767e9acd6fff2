variable "name" {
  type        = string
  description = "Name of the load balancer and prefix of its target groups (at most 26 characters, so `<name>-edge` fits ELB's 32)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,25}$", var.name)) && !endswith(var.name, "-")
    error_message = "name must be 1-26 lower-case letters, digits and dashes, start with a letter and not end with a dash."
  }
}

variable "vpc_id" {
  type        = string
  description = "VPC of the load balancer and its targets."

  validation {
    condition     = can(regex("^vpc-", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "vpc_cidr_block" {
  type        = string
  description = "CIDR of the VPC: the ALB may open connections to targets inside it."

  validation {
    condition     = can(cidrhost(var.vpc_cidr_block, 0))
    error_message = "vpc_cidr_block must be a valid IPv4 CIDR block."
  }
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnets of the load balancer (one per AZ)."

  validation {
    condition     = length(var.public_subnet_ids) >= 2
    error_message = "An ALB needs subnets in at least two availability zones."
  }
}

variable "route53_zone_id" {
  type        = string
  description = "Public Route 53 hosted zone holding chat_hostname and auth_hostname (certificate validation and alias records)."

  validation {
    condition     = can(regex("^Z[A-Z0-9]{1,31}$", var.route53_zone_id))
    error_message = "route53_zone_id must be a Route 53 hosted zone id (Z...)."
  }
}

variable "chat_hostname" {
  type        = string
  description = "Host name of the edge (REST and WebSocket), e.g. `chat.example.com`."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.chat_hostname))
    error_message = "chat_hostname must be a lower-case DNS name such as chat.example.com."
  }
}

variable "auth_hostname" {
  type        = string
  description = "Host name of auth, e.g. `auth.example.com`."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.auth_hostname))
    error_message = "auth_hostname must be a lower-case DNS name such as auth.example.com."
  }
}

variable "allowed_cidr_blocks" {
  type        = list(string)
  description = "Client address ranges allowed to reach the load balancer (everyone by default)."
  default     = ["0.0.0.0/0"]

  validation {
    condition     = length(var.allowed_cidr_blocks) > 0 && alltrue([for c in var.allowed_cidr_blocks : can(cidrhost(c, 0))])
    error_message = "allowed_cidr_blocks must be a non-empty list of IPv4 CIDR blocks."
  }
}

variable "idle_timeout_seconds" {
  type        = number
  description = "ALB idle timeout: a connection with no byte either way for this long is closed. Must be above 30 s (the contract's longest gap between the edge's pings)."
  default     = 120

  validation {
    condition     = var.idle_timeout_seconds > 30 && var.idle_timeout_seconds <= 4000
    error_message = "idle_timeout_seconds must be above 30 (the edge pings every 25 s, at most every 30 s) and at most 4000."
  }
}

variable "edge_port" {
  type        = number
  description = "The edge's HTTP/WebSocket port (PARLEY_EDGE_HTTP_PORT)."
  default     = 8080

  validation {
    condition     = var.edge_port >= 1024 && var.edge_port <= 65535
    error_message = "edge_port must be between 1024 and 65535 (the images run as a non-root user)."
  }
}

variable "auth_port" {
  type        = number
  description = "Auth's HTTP port (PARLEY_AUTH_HTTP_PORT)."
  default     = 8081

  validation {
    condition     = var.auth_port >= 1024 && var.auth_port <= 65535
    error_message = "auth_port must be between 1024 and 65535."
  }
}

variable "health_check_port" {
  type        = number
  description = "Observe port answering GET /health/ready (PARLEY_OBSERVE_PORT), apart from the traffic port."
  default     = 9400

  validation {
    condition     = var.health_check_port >= 1024 && var.health_check_port <= 65535
    error_message = "health_check_port must be between 1024 and 65535."
  }
}

variable "edge_deregistration_delay_seconds" {
  type        = number
  description = "Edge target deregistration delay. ECS waits for it before sending SIGTERM; keep it below the edge task's stopTimeout budget reasoning in the README (default 10 s; the edge's own drain is 5 s)."
  default     = 10

  validation {
    condition     = var.edge_deregistration_delay_seconds >= 0 && var.edge_deregistration_delay_seconds <= 300
    error_message = "edge_deregistration_delay_seconds must be between 0 and 300."
  }
}

variable "auth_deregistration_delay_seconds" {
  type        = number
  description = "Auth target deregistration delay: in-flight REST calls finish within it."
  default     = 15

  validation {
    condition     = var.auth_deregistration_delay_seconds >= 0 && var.auth_deregistration_delay_seconds <= 300
    error_message = "auth_deregistration_delay_seconds must be between 0 and 300."
  }
}

variable "ssl_policy" {
  type        = string
  description = "TLS policy of the HTTPS listener."
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"

  validation {
    condition     = startswith(var.ssl_policy, "ELBSecurityPolicy-")
    error_message = "ssl_policy must be an ELB security policy name (ELBSecurityPolicy-...)."
  }
}

variable "access_logs_bucket" {
  type        = string
  description = "S3 bucket for ALB access logs (its policy must allow ELB log delivery); null turns them off."
  default     = null

  validation {
    condition     = var.access_logs_bucket == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_logs_bucket))
    error_message = "access_logs_bucket must be null or an S3 bucket name."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the load balancer."
  default     = true

  validation {
    condition     = var.deletion_protection == true || var.deletion_protection == false
    error_message = "deletion_protection must be true or false."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of this module."
  default     = {}

  validation {
    condition     = alltrue([for k, _ in var.tags : length(k) <= 128])
    error_message = "Tag keys must be at most 128 characters."
  }
}
