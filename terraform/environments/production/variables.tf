variable "region" {
  type        = string
  description = "AWS region of the environment."
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "domain_name" {
  type        = string
  description = "Domain of the public Route 53 hosted zone (e.g. example.com); Parley answers at chat.<domain> and auth.<domain>."

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be a lower-case DNS name such as example.com."
  }
}

variable "route53_zone_id" {
  type        = string
  description = "Id of that hosted zone."

  validation {
    condition     = can(regex("^Z[A-Z0-9]{1,31}$", var.route53_zone_id))
    error_message = "route53_zone_id must be a Route 53 hosted zone id (Z...)."
  }
}

variable "image_tag" {
  type        = string
  description = "Image tag to run (all five images). Pass it on every apply: `-var image_tag=$(git rev-parse --short HEAD)`."

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)) && var.image_tag != "latest"
    error_message = "image_tag must be a valid Docker tag other than latest."
  }
}

variable "start_services" {
  type        = bool
  description = "False only on the very first apply (no images, empty secrets yet)."
  default     = true

  validation {
    condition     = var.start_services == true || var.start_services == false
    error_message = "start_services must be true or false."
  }
}

variable "extra_allowed_origins" {
  type        = list(string)
  description = "Browser origins besides https://chat.<domain> that may open /ws."
  default     = []

  validation {
    condition     = alltrue([for o in var.extra_allowed_origins : can(regex("^https?://[^,\\s/]+$", o))])
    error_message = "Each origin must be scheme://host[:port] without a path or comma."
  }
}
