import pickle
import base64

from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.html import escape
from django.views import View

from blog.models import Post


def post_list(request):
    tag = request.GET.get("tag", "")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, title FROM blog_post WHERE tag = '%s'" % tag)  # expect: VIGIL-PY-SQLI
        rows = cursor.fetchall()
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, title FROM blog_post WHERE tag = %s", [tag])
        rows += cursor.fetchall()
    return render(request, "blog/list.html", {"rows": rows})


def post_detail(request, slug):
    post = get_object_or_404(Post, slug=slug)
    return render(request, "blog/detail.html", {"post": post})


def search(request):
    query = request.GET.get("q", "")
    results = Post.objects.raw("SELECT * FROM blog_post WHERE title LIKE '%%" + query + "%%'")  # expect: VIGIL-PY-SQLI
    return HttpResponse("<p>Results for " + query + "</p>")  # expect: VIGIL-PY-XSS


def search_escaped(request):
    query = request.GET.get("q", "")
    return HttpResponse("<p>Results for " + escape(query) + "</p>")


def preferences(request):
    blob = request.COOKIES.get("prefs", "")
    prefs = pickle.loads(base64.b64decode(blob))  # expect: VIGIL-PY-DESER
    return JsonResponse(prefs)


def go(request):
    target = request.GET.get("next", "/")
    return HttpResponseRedirect(target)  # expect: VIGIL-PY-REDIRECT


class CommentView(View):
    def post(self, request, post_id):
        body = request.POST.get("body", "")
        request.session["last_comment"] = body  # expect: VIGIL-PY-TRUST
        return JsonResponse({"post": post_id, "length": len(body)})


class ArchiveView(View):
    def get(self, *args, **kwargs):
        year = self.request.GET.get("year", "2024")
        return HttpResponse("<h1>Archive " + year + "</h1>")  # expect: VIGIL-PY-XSS


def export(request):
    tag = request.GET.get("tag", "")
    titles = [p.title for p in Post.objects.filter(tag=tag)]
    body = "\n".join([tag, *titles])
    return HttpResponse(body, content_type="text/plain")


def my_posts(request):
    posts = Post.objects.filter(author=request.user).values_list("title", flat=True)
    return HttpResponse("<ul>" + "".join(f"<li>{t}</li>" for t in posts) + "</ul>")
