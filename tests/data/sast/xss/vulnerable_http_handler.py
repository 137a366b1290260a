"""A request handler of the standard library's HTTP server echoing its query string."""

from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit


class EchoHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        query = parse_qs(urlsplit(self.path).query)
        name = query.get("name", ["world"])[0]
        lang = self.headers.get("Accept-Language", "en")
        self.send_response(200)
        self.send_header("Content-Language", lang)  # expect: VIGIL-PY-HEADER
        self.end_headers()
        self.wfile.write(f"<h1>Hello {name}</h1>".encode())  # expect: VIGIL-PY-XSS


class LoudEchoHandler(EchoHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode()
        self.send_response(200)
        self.end_headers()
        self.wfile.write(body.upper().encode())  # expect: VIGIL-PY-XSS


if __name__ == "__main__":
    HTTPServer(("127.0.0.1", 8000), LoudEchoHandler).serve_forever()
