"""Container image scanning: image readers, layer application, OS and language packages,
image-config checks (``vigil scan --image``)."""
