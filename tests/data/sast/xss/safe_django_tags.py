"""A Django view and a template tag, both building HTML from the site's own values."""

from django import template
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


def share(request):
    link = request.build_absolute_uri(reverse("home"))
    return HttpResponse(f"<a href='{link}'>share</a>")


@register.simple_tag
def sort_link(request):
    current = escape(request.GET.get("o", ""))
    return mark_safe(f"<a href='?o={current}'>Name</a>")


def home(request):
    return HttpResponse(reverse("home"))
