"""A Django view starting a container for a challenge picked by name: the image comes
from the database row, not from the request."""

import subprocess

from django.db import models
from django.http import JsonResponse


class Challenge(models.Model):
    name = models.CharField(max_length=64)
    image = models.CharField(max_length=128)


def start(request, challenge):
    chal = Challenge.objects.get(name=challenge)
    image = chal.image
    command = f"docker run -d {image}"
    subprocess.Popen(command, shell=True)
    return JsonResponse({"started": chal.name})
