"""What the engine knows about Python's libraries: rules, sources, sinks and sanitisers.

Every entry is keyed by the fully qualified name a call resolves to through the module's
imports (``from flask import request as r`` makes ``r.args`` ``flask.request.args``), so an
alias never hides a sink. Tables, not code, so a reader can audit what is tracked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vigil.model import Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """One kind of finding."""

    id: str
    title: str
    cwes: tuple[int, ...]
    severity: Severity
    remediation: str


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("VIGIL-PY-SQLI", "SQL injection", (89,), Severity.HIGH,
             "Pass untrusted values as query parameters, never in the SQL text."),
        Rule("VIGIL-PY-CMDI", "OS command injection", (78,), Severity.CRITICAL,
             "Run a fixed program with an argument list (no shell); quote with shlex.quote "
             "if a shell is unavoidable."),
        Rule("VIGIL-PY-CODE", "Code injection", (94, 95), Severity.CRITICAL,
             "Never evaluate untrusted text; use ast.literal_eval or a dispatch table."),
        Rule("VIGIL-PY-DESER", "Deserialization of untrusted data", (502,), Severity.HIGH,
             "Read untrusted data with json or yaml.safe_load, never pickle/marshal/yaml.load."),
        Rule("VIGIL-PY-PATH", "Path traversal", (22,), Severity.HIGH,
             "Reduce the name with os.path.basename or werkzeug's secure_filename and check "
             "the resolved path stays under the base folder."),
        Rule("VIGIL-PY-SSRF", "Server-side request forgery", (918,), Severity.HIGH,
             "Check the URL's scheme and host against an allow-list before requesting it."),
        Rule("VIGIL-PY-REDIRECT", "Open redirect", (601,), Severity.MEDIUM,
             "Redirect only to relative paths or allow-listed hosts."),
        Rule("VIGIL-PY-XSS", "Cross-site scripting", (79,), Severity.HIGH,
             "Escape untrusted values (html.escape, markupsafe.escape) or render them through "
             "an autoescaping template."),
        Rule("VIGIL-PY-XXE", "XML external entity expansion", (611,), Severity.HIGH,
             "Leave external entities off (the default) or parse with defusedxml."),
        Rule("VIGIL-PY-LDAP", "LDAP injection", (90,), Severity.HIGH,
             "Escape values with escape_filter_chars before building a search filter."),
        Rule("VIGIL-PY-XPATH", "XPath injection", (643,), Severity.HIGH,
             "Pass values as XPath variables: root.xpath('//u[@id=$id]', id=value)."),
        Rule("VIGIL-PY-TRUST", "Trust boundary violation", (501,), Severity.MEDIUM,
             "Validate untrusted input before storing it in the session."),
        Rule("VIGIL-PY-HEADER", "HTTP header injection", (113,), Severity.MEDIUM,
             "Reject CR and LF in values written into response headers."),
        Rule("VIGIL-PY-COOKIE-SECURE", "Cookie without the Secure flag", (614,), Severity.LOW,
             "Set secure=True so the cookie is never sent over plain HTTP."),
        Rule("VIGIL-PY-COOKIE-HTTPONLY", "Cookie without the HttpOnly flag", (1004,),
             Severity.LOW, "Set httponly=True so scripts cannot read the cookie."),
        Rule("VIGIL-PY-HASH", "Weak hash algorithm", (328,), Severity.MEDIUM,
             "Use SHA-256 or better (or pass usedforsecurity=False for non-security uses)."),
        Rule("VIGIL-PY-RANDOM", "Weak random number in a security context", (330,),
             Severity.MEDIUM, "Use the secrets module for tokens, passwords and cookies."),
        Rule("VIGIL-PY-TLS", "TLS certificate verification disabled", (295,), Severity.HIGH,
             "Keep certificate verification on."),
        Rule("VIGIL-PY-JWT", "JWT signature not verified", (347,), Severity.HIGH,
             "Decode tokens with the key and an explicit algorithms list; never turn "
             "signature verification off or accept the 'none' algorithm."),
        Rule("VIGIL-PY-TEMPLATE", "Template autoescaping disabled", (79,), Severity.MEDIUM,
             "Create jinja2 environments with autoescape=True or select_autoescape()."),
    )
}  # fmt: skip

#: Values that are untrusted by themselves: qualified-name prefix → (source label, confidence).
SOURCE_PREFIXES: dict[str, tuple[str, int]] = {
    "flask.request": ("Flask request data", 3),
    "quart.request": ("Quart request data", 3),
    "bottle.request": ("Bottle request data", 3),
    "os.environ": ("an environment variable", 2),
    "sys.argv": ("a command-line argument", 2),
    "sys.stdin": ("standard input", 2),
}
#: Calls whose result is untrusted.
SOURCE_CALLS: dict[str, tuple[str, int]] = {
    "input": ("console input", 2),
    "raw_input": ("console input", 2),
    "os.getenv": ("an environment variable", 2),
    "os.environb.get": ("an environment variable", 2),
    "flask.request.get_json": ("Flask request data", 3),
}
#: Attributes of a web framework's request object (Django, Starlette/FastAPI) that are input.
REQUEST_PARAM_SOURCE = ("web request data", 3)
#: The request's own URL: attacker-chosen, but storing it in the user's session is routine.
REQUEST_URL_SOURCE = ("the request URL", 3)
REQUEST_URL_ATTRIBUTES = frozenset(
    {"path", "full_path", "get_full_path", "url", "base_url", "url_root", "path_info",
     "build_absolute_uri", "get_full_path_info"}
)  # fmt: skip
#: Attributes of a request object that are the server's state, not the client's input.
REQUEST_CONTEXT_ATTRIBUTES = frozenset(
    {"user", "session", "method", "auth", "app", "resolver_match", "url_rule", "endpoint",
     "blueprint", "is_secure", "scheme", "site", "LANGUAGE_CODE", "csrf_processing_done",
     "is_json", "content_length"}
)  # fmt: skip
REQUEST_METADATA_METHODS = REQUEST_URL_ATTRIBUTES | REQUEST_CONTEXT_ATTRIBUTES
#: Rules a source is not reported for (storing the request URL in the session is no flaw).
NOT_REPORTED_FOR: dict[str, frozenset[str]] = {
    REQUEST_URL_SOURCE[0]: frozenset({"VIGIL-PY-TRUST"}),
}
#: Reading a file, socket or pipe: untrusted but less certainly attacker-controlled.
READ_SOURCE = ("data read from a file or socket", 1)

#: Which rules data of each source confidence is reported for. A web request reaches every
#: sink; the environment and command line are the operator's own (a configured path or URL
#: is normal), but not fit for a shell, eval or a query; file contents likewise.
_EXECUTING = frozenset(
    {"VIGIL-PY-SQLI", "VIGIL-PY-CMDI", "VIGIL-PY-DESER", "VIGIL-PY-LDAP", "VIGIL-PY-XPATH",
     "VIGIL-PY-XXE"}
)  # fmt: skip
RULES_FOR_CONFIDENCE: dict[int, frozenset[str]] = {
    3: frozenset(RULES),
    2: _EXECUTING | {"VIGIL-PY-CODE"},
    1: _EXECUTING,
}
#: Sinks taking untrusted data in the given positional argument / keyword.
SINK_CALLS: dict[str, tuple[str, int, str]] = {
    "os.system": ("VIGIL-PY-CMDI", 0, "command"),
    "os.popen": ("VIGIL-PY-CMDI", 0, "cmd"),
    "os.popen2": ("VIGIL-PY-CMDI", 0, "cmd"),
    "os.popen3": ("VIGIL-PY-CMDI", 0, "cmd"),
    "commands.getoutput": ("VIGIL-PY-CMDI", 0, "cmd"),
    "subprocess.getoutput": ("VIGIL-PY-CMDI", 0, "cmd"),
    "subprocess.getstatusoutput": ("VIGIL-PY-CMDI", 0, "cmd"),
    "os.execl": ("VIGIL-PY-CMDI", 0, "path"),
    "os.execlp": ("VIGIL-PY-CMDI", 0, "file"),
    "os.execv": ("VIGIL-PY-CMDI", 0, "path"),
    "os.execvp": ("VIGIL-PY-CMDI", 0, "file"),
    "os.spawnl": ("VIGIL-PY-CMDI", 1, "path"),
    "os.spawnlp": ("VIGIL-PY-CMDI", 1, "file"),
    "os.spawnv": ("VIGIL-PY-CMDI", 1, "path"),
    "os.spawnvp": ("VIGIL-PY-CMDI", 1, "file"),
    "os.startfile": ("VIGIL-PY-CMDI", 0, "path"),
    "eval": ("VIGIL-PY-CODE", 0, "source"),
    "exec": ("VIGIL-PY-CODE", 0, "source"),
    "compile": ("VIGIL-PY-CODE", 0, "source"),
    "builtins.eval": ("VIGIL-PY-CODE", 0, "source"),
    "builtins.exec": ("VIGIL-PY-CODE", 0, "source"),
    "pickle.loads": ("VIGIL-PY-DESER", 0, "data"),
    "pickle.load": ("VIGIL-PY-DESER", 0, "file"),
    "_pickle.loads": ("VIGIL-PY-DESER", 0, "data"),
    "cPickle.loads": ("VIGIL-PY-DESER", 0, "data"),
    "dill.loads": ("VIGIL-PY-DESER", 0, "str"),
    "marshal.loads": ("VIGIL-PY-DESER", 0, "bytes"),
    "marshal.load": ("VIGIL-PY-DESER", 0, "file"),
    "shelve.open": ("VIGIL-PY-DESER", 0, "filename"),
    "jsonpickle.decode": ("VIGIL-PY-DESER", 0, "string"),
    "jsonpickle.loads": ("VIGIL-PY-DESER", 0, "string"),
    "yaml.unsafe_load": ("VIGIL-PY-DESER", 0, "stream"),
    "yaml.unsafe_load_all": ("VIGIL-PY-DESER", 0, "stream"),
    "pandas.read_pickle": ("VIGIL-PY-DESER", 0, "filepath_or_buffer"),
    "open": ("VIGIL-PY-PATH", 0, "file"),
    "io.open": ("VIGIL-PY-PATH", 0, "file"),
    "codecs.open": ("VIGIL-PY-PATH", 0, "filename"),
    "os.open": ("VIGIL-PY-PATH", 0, "path"),
    "os.remove": ("VIGIL-PY-PATH", 0, "path"),
    "os.unlink": ("VIGIL-PY-PATH", 0, "path"),
    "os.rmdir": ("VIGIL-PY-PATH", 0, "path"),
    "os.mkdir": ("VIGIL-PY-PATH", 0, "path"),
    "os.makedirs": ("VIGIL-PY-PATH", 0, "name"),
    "os.listdir": ("VIGIL-PY-PATH", 0, "path"),
    "os.rename": ("VIGIL-PY-PATH", 0, "src"),
    "os.replace": ("VIGIL-PY-PATH", 0, "src"),
    "os.chmod": ("VIGIL-PY-PATH", 0, "path"),
    "shutil.copy": ("VIGIL-PY-PATH", 0, "src"),
    "os.path.exists": ("VIGIL-PY-PATH", 0, "path"),
    "os.path.isfile": ("VIGIL-PY-PATH", 0, "path"),
    "os.path.isdir": ("VIGIL-PY-PATH", 0, "s"),
    "os.path.getsize": ("VIGIL-PY-PATH", 0, "filename"),
    "shutil.copyfile": ("VIGIL-PY-PATH", 0, "src"),
    "shutil.copy2": ("VIGIL-PY-PATH", 0, "src"),
    "shutil.move": ("VIGIL-PY-PATH", 0, "src"),
    "shutil.rmtree": ("VIGIL-PY-PATH", 0, "path"),
    "flask.send_file": ("VIGIL-PY-PATH", 0, "path_or_file"),
    "starlette.responses.FileResponse": ("VIGIL-PY-PATH", 0, "path"),
    "fastapi.responses.FileResponse": ("VIGIL-PY-PATH", 0, "path"),
    "requests.get": ("VIGIL-PY-SSRF", 0, "url"),
    "requests.post": ("VIGIL-PY-SSRF", 0, "url"),
    "requests.put": ("VIGIL-PY-SSRF", 0, "url"),
    "requests.patch": ("VIGIL-PY-SSRF", 0, "url"),
    "requests.delete": ("VIGIL-PY-SSRF", 0, "url"),
    "requests.head": ("VIGIL-PY-SSRF", 0, "url"),
    "requests.options": ("VIGIL-PY-SSRF", 0, "url"),
    "requests.request": ("VIGIL-PY-SSRF", 1, "url"),
    "httpx.get": ("VIGIL-PY-SSRF", 0, "url"),
    "httpx.post": ("VIGIL-PY-SSRF", 0, "url"),
    "httpx.put": ("VIGIL-PY-SSRF", 0, "url"),
    "httpx.delete": ("VIGIL-PY-SSRF", 0, "url"),
    "httpx.request": ("VIGIL-PY-SSRF", 1, "url"),
    "urllib.request.urlopen": ("VIGIL-PY-SSRF", 0, "url"),
    "urllib.request.Request": ("VIGIL-PY-SSRF", 0, "url"),
    "urllib.request.urlretrieve": ("VIGIL-PY-SSRF", 0, "url"),
    "urllib2.urlopen": ("VIGIL-PY-SSRF", 0, "url"),
    "flask.redirect": ("VIGIL-PY-REDIRECT", 0, "location"),
    "werkzeug.utils.redirect": ("VIGIL-PY-REDIRECT", 0, "location"),
    "django.shortcuts.redirect": ("VIGIL-PY-REDIRECT", 0, "to"),
    "django.http.HttpResponseRedirect": ("VIGIL-PY-REDIRECT", 0, "redirect_to"),
    "django.http.HttpResponsePermanentRedirect": ("VIGIL-PY-REDIRECT", 0, "redirect_to"),
    "starlette.responses.RedirectResponse": ("VIGIL-PY-REDIRECT", 0, "url"),
    "fastapi.responses.RedirectResponse": ("VIGIL-PY-REDIRECT", 0, "url"),
    "flask.render_template_string": ("VIGIL-PY-XSS", 0, "source"),
    "flask.Markup": ("VIGIL-PY-XSS", 0, "base"),
    "markupsafe.Markup": ("VIGIL-PY-XSS", 0, "base"),
    "jinja2.Markup": ("VIGIL-PY-XSS", 0, "base"),
    "django.utils.safestring.mark_safe": ("VIGIL-PY-XSS", 0, "s"),
    "django.http.HttpResponse": ("VIGIL-PY-XSS", 0, "content"),
    "flask.Response": ("VIGIL-PY-XSS", 0, "response"),
    "werkzeug.wrappers.Response": ("VIGIL-PY-XSS", 0, "response"),
    "starlette.responses.HTMLResponse": ("VIGIL-PY-XSS", 0, "content"),
    "fastapi.responses.HTMLResponse": ("VIGIL-PY-XSS", 0, "content"),
    "lxml.etree.XPath": ("VIGIL-PY-XPATH", 0, "path"),
    "lxml.etree.ETXPath": ("VIGIL-PY-XPATH", 0, "path"),
    "elementpath.select": ("VIGIL-PY-XPATH", 1, "path"),
    "elementpath.iter_select": ("VIGIL-PY-XPATH", 1, "path"),
    "elementpath.Selector": ("VIGIL-PY-XPATH", 0, "path"),
    "sqlalchemy.text": ("VIGIL-PY-SQLI", 0, "text"),
    "sqlalchemy.sql.text": ("VIGIL-PY-SQLI", 0, "text"),
    "pandas.read_sql": ("VIGIL-PY-SQLI", 0, "sql"),
    "pandas.read_sql_query": ("VIGIL-PY-SQLI", 0, "sql"),
}
#: Methods that are sinks on any receiver: name → (rule, argument, keyword).
SINK_METHODS: dict[str, tuple[str, int, str]] = {
    "execute": ("VIGIL-PY-SQLI", 0, "sql"),
    "executemany": ("VIGIL-PY-SQLI", 0, "sql"),
    "executescript": ("VIGIL-PY-SQLI", 0, "sql_script"),
    "raw": ("VIGIL-PY-SQLI", 0, "raw_query"),
    "xpath": ("VIGIL-PY-XPATH", 0, "_path"),
}
#: Methods that are sinks on a receiver of a known kind: (kind, method) → (rule, arg, kw).
KIND_SINK_METHODS: dict[tuple[str, str], tuple[str, int, str]] = {
    ("ldap", "search"): ("VIGIL-PY-LDAP", 1, "search_filter"),
    ("ldap", "search_s"): ("VIGIL-PY-LDAP", 2, "filterstr"),
    ("ldap", "search_st"): ("VIGIL-PY-LDAP", 2, "filterstr"),
    ("ldap", "search_ext"): ("VIGIL-PY-LDAP", 2, "filterstr"),
    ("ldap", "search_ext_s"): ("VIGIL-PY-LDAP", 2, "filterstr"),
    ("ldap", "paged_search"): ("VIGIL-PY-LDAP", 1, "search_filter"),
    ("http", "get"): ("VIGIL-PY-SSRF", 0, "url"),
    ("http", "post"): ("VIGIL-PY-SSRF", 0, "url"),
    ("http", "put"): ("VIGIL-PY-SSRF", 0, "url"),
    ("http", "delete"): ("VIGIL-PY-SSRF", 0, "url"),
    ("http", "request"): ("VIGIL-PY-SSRF", 1, "url"),
    ("etree", "find"): ("VIGIL-PY-XPATH", 0, "path"),
    ("etree", "findall"): ("VIGIL-PY-XPATH", 0, "path"),
    ("etree", "findtext"): ("VIGIL-PY-XPATH", 0, "path"),
    ("etree", "iterfind"): ("VIGIL-PY-XPATH", 0, "path"),
    ("path", "open"): ("VIGIL-PY-PATH", -1, ""),
    ("path", "read_text"): ("VIGIL-PY-PATH", -1, ""),
    ("path", "read_bytes"): ("VIGIL-PY-PATH", -1, ""),
    ("path", "write_text"): ("VIGIL-PY-PATH", -1, ""),
    ("path", "write_bytes"): ("VIGIL-PY-PATH", -1, ""),
    ("path", "unlink"): ("VIGIL-PY-PATH", -1, ""),
    ("path", "rmdir"): ("VIGIL-PY-PATH", -1, ""),
    ("path", "mkdir"): ("VIGIL-PY-PATH", -1, ""),
    ("path", "touch"): ("VIGIL-PY-PATH", -1, ""),
    ("path", "exists"): ("VIGIL-PY-PATH", -1, ""),
    ("path", "iterdir"): ("VIGIL-PY-PATH", -1, ""),
    ("path", "rename"): ("VIGIL-PY-PATH", -1, ""),
    ("httpout", "write"): ("VIGIL-PY-XSS", 0, "data"),
    ("httpout", "writelines"): ("VIGIL-PY-XSS", 0, "lines"),
}
#: Calls whose result is an object of a kind the engine models.
RETURN_KINDS: dict[str, str] = {
    "list": "list",
    "sorted": "list",
    "tuple": "tuple",
    "set": "set",
    "frozenset": "set",
    "dict": "dict",
    "ldap3.Connection": "ldap",
    "ldap.initialize": "ldap",
    "ldap.open": "ldap",
    "requests.Session": "http",
    "requests.session": "http",
    "httpx.Client": "http",
    "httpx.AsyncClient": "http",
    "xml.sax.make_parser": "saxparser",
    "lxml.etree.XMLParser": "lxmlparser",
    "xml.etree.ElementTree.parse": "etree",
    "xml.etree.ElementTree.fromstring": "etree",
    "xml.etree.ElementTree.XML": "etree",
    "xml.etree.cElementTree.parse": "etree",
    "lxml.etree.parse": "etree",
    "lxml.etree.fromstring": "etree",
    "fastapi.templating.Jinja2Templates": "templates",
    "starlette.templating.Jinja2Templates": "templates",
    "pathlib.Path": "path",
    "pathlib.PurePath": "path",
    "pathlib.PosixPath": "path",
    "open": "file",
    "io.open": "file",
    "codecs.open": "file",
    "socket.socket": "socket",
    "socket.create_connection": "socket",
    "configparser.ConfigParser": "config",
    "configparser.RawConfigParser": "config",
    "configparser.SafeConfigParser": "config",
    "random.Random": "weakrng",
    "flask.make_response": "response",
    "flask.Response": "response",
    "flask.jsonify": "response",
    "flask.redirect": "response",
    "werkzeug.utils.redirect": "response",
    "flask.render_template": "response",
    "flask.send_file": "response",
    "flask.send_from_directory": "response",
    "flask.url_for": "localurl",
    "django.urls.reverse": "localurl",
    "django.shortcuts.resolve_url": "localurl",
    "django.http.HttpResponse": "response",
    "django.http.JsonResponse": "response",
    "starlette.responses.Response": "response",
    "fastapi.Response": "response",
    "fastapi.responses.Response": "response",
}
#: SQLAlchemy-style query building (``select(User).where(User.id.in_(ids))``): values become
#: bound parameters, so the result is not SQL text even when built from untrusted data.
SQL_BUILDER_METHODS = frozenset(
    {"select", "filter", "filter_by", "where", "in_", "not_in", "notin_", "order_by",
     "group_by", "having", "outerjoin", "limit", "offset", "options", "like", "ilike",
     "is_", "is_not", "isnot", "label", "desc", "asc", "returning", "with_entities",
     "values_list"}
)  # fmt: skip
#: Methods returning another object of the same modelled kind.
KIND_PRESERVING = {"getroot", "getroottree", "cursor", "accept", "makefile", "resolve", "absolute"}
#: Methods reading untrusted data from files and sockets.
READ_METHODS = {"read", "readline", "readlines", "recv", "recvfrom", "recv_into", "read_text",
                "read_bytes"}  # fmt: skip

#: Sanitisers: qualified name → the rules their result is safe for.
_INJECTION = frozenset(
    {"VIGIL-PY-SQLI", "VIGIL-PY-CMDI", "VIGIL-PY-XSS", "VIGIL-PY-LDAP", "VIGIL-PY-XPATH",
     "VIGIL-PY-HEADER"}
)  # fmt: skip
_ENCODED = frozenset(
    {"VIGIL-PY-SQLI", "VIGIL-PY-CMDI", "VIGIL-PY-XSS", "VIGIL-PY-LDAP", "VIGIL-PY-XPATH",
     "VIGIL-PY-HEADER", "VIGIL-PY-CODE", "VIGIL-PY-REDIRECT"}
)  # fmt: skip
SANITIZERS: dict[str, frozenset[str]] = {
    "shlex.quote": frozenset({"VIGIL-PY-CMDI"}),
    "pipes.quote": frozenset({"VIGIL-PY-CMDI"}),
    "html.escape": frozenset({"VIGIL-PY-XSS", "VIGIL-PY-XPATH", "VIGIL-PY-HEADER"}),
    "cgi.escape": frozenset({"VIGIL-PY-XSS"}),
    "markupsafe.escape": frozenset({"VIGIL-PY-XSS", "VIGIL-PY-XPATH", "VIGIL-PY-HEADER"}),
    "flask.escape": frozenset({"VIGIL-PY-XSS", "VIGIL-PY-XPATH"}),
    "jinja2.escape": frozenset({"VIGIL-PY-XSS"}),
    "django.utils.html.escape": frozenset({"VIGIL-PY-XSS", "VIGIL-PY-XPATH"}),
    "django.utils.html.conditional_escape": frozenset({"VIGIL-PY-XSS"}),
    "django.utils.html.format_html": frozenset({"VIGIL-PY-XSS"}),
    "bleach.clean": frozenset({"VIGIL-PY-XSS"}),
    "xml.sax.saxutils.escape": frozenset({"VIGIL-PY-XSS"}),
    "xml.sax.saxutils.quoteattr": frozenset({"VIGIL-PY-XSS", "VIGIL-PY-XPATH"}),
    "urllib.parse.quote": _INJECTION,
    "urllib.parse.quote_plus": _INJECTION | {"VIGIL-PY-PATH"},
    "urllib.parse.urlencode": _INJECTION,
    "os.path.basename": frozenset({"VIGIL-PY-PATH"}),
    # None instead of a path that would leave the base folder.
    "werkzeug.utils.safe_join": frozenset({"VIGIL-PY-PATH"}),
    "werkzeug.security.safe_join": frozenset({"VIGIL-PY-PATH"}),
    "flask.safe_join": frozenset({"VIGIL-PY-PATH"}),
    "flask.helpers.safe_join": frozenset({"VIGIL-PY-PATH"}),
    "werkzeug.utils.secure_filename": frozenset({"VIGIL-PY-PATH"}),
    "ldap3.utils.conv.escape_filter_chars": frozenset({"VIGIL-PY-LDAP"}),
    "ldap.filter.escape_filter_chars": frozenset({"VIGIL-PY-LDAP"}),
    "ldap.filter.filter_format": frozenset({"VIGIL-PY-LDAP"}),
    "ldap.dn.escape_dn_chars": frozenset({"VIGIL-PY-LDAP"}),
    "ast.literal_eval": frozenset({"*"}),
    # URLs of the application's own routes: a redirect to them stays on the site.
    "django.urls.reverse": frozenset({"VIGIL-PY-REDIRECT"}),
    "django.shortcuts.resolve_url": frozenset({"VIGIL-PY-REDIRECT"}),
    "flask.url_for": frozenset({"VIGIL-PY-REDIRECT"}),
    # JSON text is served as JSON; its quoting also keeps it one shell word and one literal.
    "json.dumps": frozenset({"VIGIL-PY-CMDI", "VIGIL-PY-CODE", "VIGIL-PY-XSS"}),
    # Autoescaping template engines.
    "django.template.loader.render_to_string": frozenset({"VIGIL-PY-XSS"}),
    "django.shortcuts.render": frozenset({"VIGIL-PY-XSS"}),
    "flask.render_template": frozenset({"VIGIL-PY-XSS"}),
    # Encodings whose alphabet has no quote, bracket, space or line break (see DECODERS).
    "base64.b64encode": _ENCODED,
    "base64.urlsafe_b64encode": _ENCODED,
    "base64.b32encode": _ENCODED,
    "base64.b16encode": _ENCODED,
    "binascii.hexlify": _ENCODED,
    "jwt.encode": _ENCODED,
}
#: Decoding gives the original text back, and with it every injection an encoding had hidden.
DECODERS = frozenset(
    {"base64.b64decode", "base64.urlsafe_b64decode", "base64.b32decode", "base64.b16decode",
     "binascii.unhexlify", "binascii.a2b_base64", "urllib.parse.unquote",
     "urllib.parse.unquote_plus", "html.unescape", "codecs.decode"}
)  # fmt: skip
#: Calls whose result carries nothing of their arguments (numbers, booleans, digests, ids).
CLEAN_CALLS = frozenset(
    {"int", "float", "bool", "len", "abs", "round", "ord", "hash", "id", "isinstance",
     "issubclass", "hasattr", "callable", "type", "uuid.UUID", "uuid.uuid4", "re.escape",
     "os.path.exists", "os.path.isfile", "os.path.isdir", "os.path.getsize", "secrets.token_hex",
     "secrets.token_bytes",
     "secrets.token_urlsafe", "secrets.randbelow", "secrets.randbits", "secrets.choice",
     "django.shortcuts.get_object_or_404", "django.shortcuts.get_list_or_404",
     "datetime.datetime.now", "time.time", "math.floor", "math.ceil", "decimal.Decimal"}
)  # fmt: skip
#: Methods whose result is a number or boolean, never the receiver's text.
CLEAN_METHODS = frozenset(
    {"find", "rfind", "index", "rindex", "count", "startswith", "endswith", "isalnum",
     "isalpha", "isdigit", "isdecimal", "isnumeric", "isidentifier", "isspace", "islower",
     "isupper", "hexdigest", "digest", "exists", "is_file", "is_dir", "__len__"}
)  # fmt: skip
#: str methods folded when the receiver and arguments are constants.
FOLDABLE_STR_METHODS = frozenset(
    {"upper", "lower", "strip", "lstrip", "rstrip", "replace", "split", "rsplit", "startswith",
     "endswith", "find", "rfind", "join", "format", "capitalize", "title", "swapcase", "encode",
     "decode", "removeprefix", "removesuffix", "zfill", "count", "casefold", "partition",
     "splitlines", "isdigit", "isalpha", "isalnum"}
)  # fmt: skip
#: Weak random functions (module ``random`` or a ``random.Random`` instance).
WEAK_RANDOM = frozenset(
    {"random", "randint", "randrange", "choice", "choices", "getrandbits", "randbytes",
     "uniform", "normalvariate", "gauss", "sample", "shuffle", "triangular", "betavariate",
     "expovariate", "gammavariate", "lognormvariate", "vonmisesvariate", "paretovariate",
     "weibullvariate", "binomialvariate"}
)  # fmt: skip
#: Names that make a place security-relevant for weak randomness.
SECURITY_NAME = re.compile(
    r"token|secret|passw|pwd|nonce|salt|otp|csrf|session|cookie|api_?key|auth(?!or)|credential|"
    r"remember|reset|verif|captcha|pin\b",
    re.IGNORECASE,
)
_SECRET_NAME = re.compile(r"token|secret|passw|pwd|nonce|salt|otp|csrf|session|key", re.I)
_IDENTIFIER_NAME = re.compile(r"(^|_)id$", re.I)


def security_name(name: str) -> bool:
    """Whether a place called ``name`` holds something security-relevant; an ``…_id`` is an
    identifier (``oauth_id``, ``author_id``) unless it names a secret (``session_id``)."""
    if not SECURITY_NAME.search(name):
        return False
    return not _IDENTIFIER_NAME.search(name) or bool(_SECRET_NAME.search(name))


WEAK_HASHES = frozenset({"md5", "sha1", "md4", "md2", "sha"})
#: Local helper names taken as sanitisers of the given rules (``escape_html``, ``clean_sql``).
HELPER_SANITIZER_NAMES: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (re.compile(r"(escape|encode|sanitize|sanitise|clean).*html|html.*(escape|encode)", re.I),
     frozenset({"VIGIL-PY-XSS", "VIGIL-PY-XPATH", "VIGIL-PY-HEADER"})),
    (re.compile(r"(escape|sanitize|sanitise|quote).*(sql|query)", re.I),
     frozenset({"VIGIL-PY-SQLI"})),
    (re.compile(r"(escape|sanitize|sanitise|quote).*(shell|cmd|command|arg)", re.I),
     frozenset({"VIGIL-PY-CMDI"})),
    (re.compile(r"escape.*(ldap|filter)", re.I), frozenset({"VIGIL-PY-LDAP"})),
    (re.compile(r"(escape|sanitize|sanitise).*xpath", re.I), frozenset({"VIGIL-PY-XPATH"})),
    (re.compile(r"secure_?filename|safe_?(path|join)", re.I), frozenset({"VIGIL-PY-PATH"})),
)  # fmt: skip
#: ``x.replace(old, new)`` with one of these ``old`` strings (and ``new`` free of it) makes
#: ``x`` safe for the rule: the quote that ends an XPath or SQL literal, HTML's brackets…
REPLACE_SANITIZES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("'", '"'), "VIGIL-PY-XPATH"),
    (("'", '"'), "VIGIL-PY-SQLI"),
    (("<", ">"), "VIGIL-PY-XSS"),
    (("..", "../", "/", "..\\"), "VIGIL-PY-PATH"),
    (("\r", "\n"), "VIGIL-PY-HEADER"),
    (("(", ")", "*", "\\"), "VIGIL-PY-LDAP"),
)
#: Library calls running a function of ours for us (``Thread(target=f, args=(x,))``).
CALLBACK_RUNNERS = frozenset(
    {"threading.Thread", "multiprocessing.Process", "map",
     "asyncio.to_thread"}
)  # fmt: skip
#: Methods doing the same: method name → position of the function among the arguments.
CALLBACK_METHODS: dict[str, int] = {"submit": 0, "run_in_executor": 1, "apply_async": 0}
#: Rules not reported in test code: random test data, digests a test compares and a test
#: client that skips certificate checks against a local server are no flaw of the product.
NOT_IN_TESTS = frozenset({"VIGIL-PY-RANDOM", "VIGIL-PY-TLS", "VIGIL-PY-HASH"})
_TEST_FOLDERS = frozenset({"test", "tests", "testing", "unittests"})


def is_test_file(path: str) -> bool:
    """Whether ``path`` (relative, ``/``-separated) is test code by the usual conventions."""
    *folders, name = path.split("/")
    return (
        name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
        or any(f in _TEST_FOLDERS for f in folders)
    )


#: Calls rendering a template file: qualified name → (position and keyword of the template
#: name, position and keyword of the context; position -1: the keyword arguments are it).
TEMPLATE_RENDERERS: dict[str, tuple[int, str, int, str]] = {
    "flask.render_template": (0, "template_name_or_list", -1, ""),
    "quart.render_template": (0, "template_name_or_list", -1, ""),
    "django.shortcuts.render": (1, "template_name", 2, "context"),
    "django.shortcuts.render_to_response": (0, "template_name", 1, "context"),
    "django.template.loader.render_to_string": (0, "template_name", 1, "context"),
    "django.template.response.TemplateResponse": (1, "template", 2, "context"),
}
#: Library classes whose subclasses handle HTTP requests of the standard library's server:
#: on ``self``, these attributes are the client's request and this one writes the response.
HTTP_HANDLER_BASES = frozenset(
    {"http.server.BaseHTTPRequestHandler", "http.server.SimpleHTTPRequestHandler",
     "http.server.CGIHTTPRequestHandler", "BaseHTTPServer.BaseHTTPRequestHandler",
     "SimpleHTTPServer.SimpleHTTPRequestHandler", "wsgiref.simple_server.WSGIRequestHandler"}
)  # fmt: skip
#: Form classes: a bound form prints its fields as HTML it escaped itself, so a template may
#: mark the form ``|safe``.
FORM_CLASSES = frozenset(
    {"django.forms.Form", "django.forms.ModelForm", "django.forms.forms.Form",
     "django.forms.models.ModelForm", "django.contrib.auth.forms.UserCreationForm",
     "django.contrib.auth.forms.AuthenticationForm", "flask_wtf.FlaskForm", "wtforms.Form"}
)  # fmt: skip
#: Methods running a query: what they return is rows of the database, not the query's text.
QUERY_METHODS = frozenset({"execute", "executemany", "executescript"})
#: Methods of an ORM query (SQLAlchemy, Flask-SQLAlchemy) returning its rows.
ROW_METHODS = frozenset(
    {"first", "all", "one", "one_or_none", "scalar", "scalars", "scalar_one",
     "scalar_one_or_none", "first_or_404", "get_or_404", "one_or_404", "paginate", "count"}
)  # fmt: skip
HTTP_HANDLER_INPUTS = frozenset({"path", "headers", "rfile", "requestline", "raw_requestline"})
HTTP_HANDLER_OUTPUT = "wfile"
#: Template engines compiling their first argument: untrusted template text is code.
TEMPLATE_SOURCES = frozenset(
    {"flask.render_template_string", "jinja2.Template", "mako.template.Template",
     "django.template.Template", "tornado.template.Template"}
)  # fmt: skip
SHELLS = frozenset(
    {"sh", "bash", "zsh", "dash", "ksh", "csh", "cmd", "cmd.exe", "powershell", "pwsh",
     "/bin/sh", "/bin/bash", "/usr/bin/sh", "/usr/bin/bash", "/bin/zsh", "python", "python3",
     "perl", "ruby", "node"}
)  # fmt: skip
SUBPROCESS = frozenset(
    {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
     "subprocess.Popen", "asyncio.create_subprocess_shell", "asyncio.create_subprocess_exec"}
)  # fmt: skip
ROUTE_DECORATORS = frozenset(
    {"route", "get", "post", "put", "delete", "patch", "head", "options", "api_route",
     "websocket"}
)  # fmt: skip
