"""Django views rendering templates that turn autoescaping off or mark values safe."""

from django import forms
from django.shortcuts import render
from django.template.loader import render_to_string


class SearchForm(forms.Form):
    q = forms.CharField()


def preview(request):
    text = request.POST.get("text", "")
    return render(request, "wiki/preview.html", {"text": text})  # expect: VIGIL-PY-XSS


def preview_lead(request):
    text = request.POST.get("text", "")
    return render(request, "wiki/preview.html", {"lead": text, "text": "draft"})


def snippet(request):
    author = request.GET.get("author", "")
    return render_to_string("wiki/snippet.html", context={"author": author})  # expect: VIGIL-PY-XSS


def search(request):
    form = SearchForm(request.GET)
    return render(request, "wiki/form.html", {"form": form})


def greet(request):
    who = request.GET.get("who", "")
    return render(request, "wiki/greet.html", {"who": who})  # expect: VIGIL-PY-XSS


def greet_quoted(request):
    who = request.GET.get("who", "")
    return render(request, "wiki/greet_quoted.html", {"who": who})
