variable "name" {
  type        = string
  description = "Name of the VPC and prefix of its subnets, e.g. `parley-production`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name))
    error_message = "name must be 2-31 characters of lower-case letters, digits and dashes, starting with a letter."
  }
}

variable "cidr" {
  type        = string
  description = "IPv4 CIDR block of the VPC; a /16 is split into public, private, database and ElastiCache subnets (one /20 each per AZ). Must not overlap the ScyllaDB Cloud cluster's CIDR (they are peered)."

  validation {
    condition     = can(cidrhost(var.cidr, 0)) && tonumber(split("/", var.cidr)[1]) <= 16
    error_message = "cidr must be a valid IPv4 CIDR block of size /16 or larger."
  }
}

variable "azs" {
  type        = list(string)
  description = "Exactly three availability zones, e.g. [\"eu-west-1a\", \"eu-west-1b\", \"eu-west-1c\"]: MSK spreads its three brokers over them and RDS/ElastiCache fail over between them."

  validation {
    condition     = length(var.azs) == 3 && length(distinct(var.azs)) == 3
    error_message = "azs must list exactly three distinct availability zones."
  }
}

variable "single_nat_gateway" {
  type        = bool
  description = "One NAT gateway for the whole VPC (cheaper; staging) instead of one per availability zone (production: an AZ outage does not cut the other AZs' egress)."

  validation {
    condition     = var.single_nat_gateway == true || var.single_nat_gateway == false
    error_message = "single_nat_gateway must be true or false."
  }
}

variable "enable_flow_log" {
  type        = bool
  description = "Send VPC flow logs to CloudWatch Logs."
  default     = true

  validation {
    condition     = var.enable_flow_log == true || var.enable_flow_log == false
    error_message = "enable_flow_log must be true or false."
  }
}

variable "flow_log_retention_days" {
  type        = number
  description = "Retention of the flow log group in days (a value CloudWatch Logs accepts)."
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_log_retention_days)
    error_message = "flow_log_retention_days must be one of the retention periods CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
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
