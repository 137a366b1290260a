import xml.dom.minidom
import xml.sax
import xml.sax.handler

from flask import Flask, request

app = Flask(__name__)


@app.route("/import", methods=["POST"])
def import_xml():
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    doc = xml.dom.minidom.parseString(request.data, parser)  # expect: VIGIL-PY-XXE
    return {"root": doc.documentElement.tagName}
