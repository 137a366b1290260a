from aiohttp import web
from aiohttp_jinja2 import setup as setup_jinja
from jinja2 import PackageLoader

RAW_HTML = False


def create_app():
    app = web.Application()
    setup_jinja(app, loader=PackageLoader("board", "templates"), autoescape=RAW_HTML)  # expect: VIGIL-PY-TEMPLATE
    return app
