# Mock data for the scylladbcloud provider in every terraform test (see ../README.md).
mock_resource "scylladbcloud_cluster" {
  defaults = {
    cluster_id       = 1337
    datacenter       = "AWS_EU_WEST_1"
    node_private_ips = ["172.31.0.10", "172.31.1.10", "172.31.2.10"]
  }
}
