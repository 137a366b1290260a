"""A Django view and a template tag, both building HTML by hand."""

from django import template
from django.http import HttpResponse
from django.urls import reverse
from django.utils.safestring import mark_safe

register = template.Library()


def share(request):
    link = request.build_absolute_uri(request.GET.get("next", "/"))
    return HttpResponse(f"<a href='{link}'>share</a>")  # expect: VIGIL-PY-XSS


@register.simple_tag
def sort_link(request):
    current = request.GET.get("o", "")
    return mark_safe(f"<a href='?o={current}'>Name</a>")  # expect: VIGIL-PY-XSS


def home(request):
    return HttpResponse(reverse("home"))
