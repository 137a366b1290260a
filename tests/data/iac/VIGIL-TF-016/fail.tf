resource "google_storage_bucket" "downloads" {
  name                        = "acme-downloads"
  location                    = "EU"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket_iam_member" "public_read" {
  bucket = google_storage_bucket.downloads.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

resource "google_storage_bucket_iam_binding" "readers" {
  bucket  = google_storage_bucket.downloads.name
  role    = "roles/storage.legacyBucketReader"
  members = ["group:eng@example.com", "allAuthenticatedUsers"]
}
