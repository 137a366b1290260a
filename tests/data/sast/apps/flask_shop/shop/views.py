import os
import subprocess

from flask import abort, redirect, render_template, request, send_file, session, url_for

from shop import db
from shop.text import escape_html, greeting, sort_column

EXPORTS = "/srv/exports"


def register(app):
    @app.route("/search")
    def search():
        term = request.args.get("q", "")
        order = request.args.get("order", "name")
        rows = db.find_products(term, order)  # expect: VIGIL-PY-SQLI
        safe_rows = db.find_products(term, sort_column(order))
        db.log_search(term)  # expect: VIGIL-PY-SQLI
        return render_template("search.html", rows=rows + safe_rows, term=term)

    @app.route("/product/<int:product_id>")
    def product(product_id):
        row = db.product(product_id)
        if row is None:
            abort(404)
        return f"<h1>{escape_html(row[1])}</h1>"

    @app.route("/hello")
    def hello():
        name = request.args.get("name", "guest")
        session["visitor"] = name  # expect: VIGIL-PY-TRUST
        return greeting(name)  # expect: VIGIL-PY-XSS

    @app.route("/export")
    def export():
        name = request.args.get("file", "latest.csv")
        path = os.path.join(EXPORTS, name)
        return send_file(path)  # expect: VIGIL-PY-PATH

    @app.route("/export/safe")
    def export_safe():
        name = os.path.basename(request.args.get("file", "latest.csv"))
        return send_file(os.path.join(EXPORTS, name))

    @app.route("/thumbnail", methods=["POST"])
    def thumbnail():
        size = int(request.form.get("size", "64"))
        upload = request.files["image"].filename
        subprocess.run(["convert", upload, "-resize", f"{size}x{size}", "out.png"], check=True)
        subprocess.run(f"convert {upload} out.png", shell=True, check=True)  # expect: VIGIL-PY-CMDI
        return redirect(url_for("search"))

    @app.route("/back")
    def back():
        return redirect(request.referrer or "/")  # expect: VIGIL-PY-REDIRECT

    @app.route("/page/<int:number>")
    def page(number):
        size = request.args.get("size", 20, type=int)
        return f"<p>Page {number} of size {size}</p>"
