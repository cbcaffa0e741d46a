"""A small browser for the multi-host test: keeps cookies (whatever their Secure flag: the test
speaks plain HTTP on loopback to a portal in production mode), reads forms as a browser
would submit them, and can pose as a client behind the proxy (X-Forwarded-For)."""
import http.client
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode


@dataclass
class Response:
    status: int
    headers: dict
    text: str

    def json(self):
        return json.loads(self.text)


@dataclass
class Form:
    action: str
    method: str
    fields: list = field(default_factory=list)        # [(name, value)] as a browser sends them
    choices: dict = field(default_factory=dict)       # name -> every value a select/checkbox offers

    def value(self, name):
        return next((v for n, v in self.fields if n == name), None)

    def set(self, name, *values):
        """Replace every value of `name` (a select or checkbox list takes several)."""
        self.fields = [(n, v) for n, v in self.fields if n != name] + [(name, v) for v in values]


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None
        self._option = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                self._form.choices.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    self._form.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._form.fields.append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = {"name": name, "selected": [], "first": None}
            self._form.choices[name] = []
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "", "selected" in a]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self._form.fields.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            chosen = self._select["selected"] or ([self._select["first"]] if self._select["first"] is not None else [])
            self._form.fields += [(self._select["name"], v) for v in chosen]
            self._select = None
        elif tag == "form":
            self._form = None

    def _close_option(self):
        if self._option is None:
            return
        value, text, selected = self._option
        value = text.strip() if value is None else value
        self._form.choices[self._select["name"]].append(value)
        if self._select["first"] is None:
            self._select["first"] = value
        if selected:
            self._select["selected"].append(value)
        self._option = None


def forms_in(html):
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


class Browser:
    """One visitor, on one address (a host's port, or nginx's)."""

    def __init__(self, port, *, forwarded_for=None, timeout=15):
        self.port, self.forwarded_for, self.timeout = port, forwarded_for, timeout
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.forwarded_for:
            sent["X-Forwarded-For"] = self.forwarded_for
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
            for header in answer.headers.get_all("Set-Cookie") or ():
                self._keep(header)
            return Response(answer.status, dict(answer.headers), text)
        finally:
            connection.close()

    def _keep(self, header):
        for name, morsel in SimpleCookie(header).items():
            expired = morsel["max-age"] == "0" or not morsel.value
            if expired:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields):
        return self.request("POST", path, body=urlencode(fields),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})

    def form(self, path, pick=lambda form: True):
        """The first form on the page at `path` that `pick` accepts."""
        page = self.get(path)
        if page.status != 200:
            raise AssertionError(f"GET {path} answered {page.status}")
        for found in forms_in(page.text):
            if pick(found):
                return found
        raise AssertionError(f"no such form on {path}")

    def sign_in(self, email, password):
        form = self.form("/login", lambda f: f.value("email") is not None)
        form.set("email", email)
        form.set("password", password)
        answer = self.post("/login", form.fields)
        if answer.status != 302:
            raise AssertionError(f"signing in as {email} answered {answer.status}")
        return self
