resource "google_storage_bucket" "downloads" {
  name                        = "acme-downloads"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
}

resource "google_storage_bucket_iam_member" "ci_read" {
  bucket = google_storage_bucket.downloads.name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:ci@acme-prod.iam.gserviceaccount.com"
}
