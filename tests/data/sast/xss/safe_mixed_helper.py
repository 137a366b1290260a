"""A template tag mixing what it escaped from the request with an argument of the template
(the template's own text, not the client's)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def sort_link(request, label="Name"):
    current = escape(request.GET.get("o", ""))
    return mark_safe(f"<a href='?o={current}'>{label}</a>")
