variable "name_prefix" {
  type        = string
  description = "Repository name prefix, e.g. `parley-production` gives `parley-production/edge`."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,40}$", var.name_prefix))
    error_message = "name_prefix must be 2-41 lower-case letters, digits and dashes, starting with a letter."
  }
}

variable "images" {
  type        = list(string)
  description = "Images (Dockerfile targets) to create a repository for."
  default     = ["edge", "auth", "topology", "sinks", "ops"]

  validation {
    condition     = length(var.images) > 0 && alltrue([for i in var.images : contains(["edge", "auth", "topology", "sinks", "ops"], i)])
    error_message = "images may only name the Dockerfile's targets: edge, auth, topology, sinks, ops."
  }
}

variable "keep_images" {
  type        = number
  description = "Tagged images kept per repository; older ones expire. Keep enough to roll back to."
  default     = 30

  validation {
    condition     = var.keep_images >= 2 && var.keep_images <= 1000
    error_message = "keep_images must be between 2 and 1000."
  }
}

variable "kms_key_arn" {
  type        = string
  description = "KMS key for the repositories; null uses AES256 (S3-managed)."
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:", var.kms_key_arn))
    error_message = "kms_key_arn must be null or a KMS key ARN."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every repository."
  default     = {}

  validation {
    condition     = alltrue([for k, _ in var.tags : length(k) <= 128])
    error_message = "Tag keys must be at most 128 characters."
  }
}
