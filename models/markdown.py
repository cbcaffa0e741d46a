"""Markdown fields that keep their sanitised HTML beside them.

Setting the text (on save, on import, when a loader writes it) renders it once into the
`<field>_html` column; pages show the stored HTML and never render Markdown per view (a
long body cost seconds of CPU per anonymous view when it was rendered by the template)."""
import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup
from sqlalchemy import event

# CommonMark without raw HTML; what it produces is then cleaned by nh3 (ammonia), a
# maintained sanitiser, so nothing a writer types can inject markup or script.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
                "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr"}


def render_markdown(text):
    html = _markdown.render(text or "")
    # Writers' headings start at h2: the page's own title is the h1.
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    return Markup(nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                            url_schemes={"http", "https", "mailto"},
                            link_rel="nofollow noopener ugc"))


def html_name(field):
    return f"{field}_html"


def rendered(text):
    """The sanitised HTML of a Markdown text, as stored ("" for no text)."""
    return str(render_markdown(text)) if text else ""


def keeps_html(*fields):
    """Class decorator: keep `<field>_html` in step with each Markdown `field`, and give the
    class `html(field)`, the stored HTML as markup for templates."""
    def decorate(cls):
        for field in fields:
            event.listen(getattr(cls, field), "set", _renderer(html_name(field)))

        def html(self, field):
            return Markup(getattr(self, html_name(field)) or "")
        cls.html = html
        cls.MARKDOWN_FIELDS = fields
        return cls
    return decorate


def _renderer(target):
    def on_set(obj, value, oldvalue, initiator):
        if value != oldvalue:
            setattr(obj, target, rendered(value))
    return on_set
