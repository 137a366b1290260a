"""A template tag mixing what it reads from the request with an argument of the template."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def sort_link(request, label="Name"):
    current = request.GET.get("o", "")
    return mark_safe(f"<a href='?o={current}'>{label}</a>")  # expect: VIGIL-PY-XSS
