resource "google_container_cluster" "primary" {
  name               = "primary"
  location           = "europe-west1"
  initial_node_count = 3
  enable_legacy_abac = true

  master_auth {
    client_certificate_config {
      issue_client_certificate = false
    }
  }
}
