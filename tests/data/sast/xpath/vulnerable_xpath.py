from flask import Flask, request
from lxml import etree

app = Flask(__name__)


@app.route("/employee")
def employee():
    emplid = request.args["id"]
    root = etree.parse("employees.xml")
    nodes = root.xpath("/Employees/Employee[@emplid='" + emplid + "']")  # expect: VIGIL-PY-XPATH
    return {"count": len(nodes)}
