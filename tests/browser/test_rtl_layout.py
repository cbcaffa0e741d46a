"""Arabic pages read right to left in a real browser: the home page, a practice and two forms
(signing in, writing a practice), on a desktop screen (1280 px) and a small phone (320 px).
The document says dir="rtl" and lang="ar"; the site's name, the main navigation, headings and
form labels start at the right, where the same elements of the English page start at the left;
nothing scrolls sideways on the phone. A screenshot of each page is kept in the test's
temporary folder (pytest's --basetemp chooses where) to look at."""
import json

import pytest

from portal.reference.demo_membership import DEMO_PASSWORD
from portal.text import slugify
from tests.browser import page_checks
from tests.browser.conftest import _serving
from tests.browser.languages import locale

# A demo practice not translated into Arabic (written in French, translated into English): an
# Arabic reader sees it in French.
ENGLISH_ONLY = slugify(next(
    line["title"] for line in map(json.loads, open("data/demo/practices.jsonl", encoding="utf-8"))
    if line["external_id"] == "demo-practice-02"))
DESKTOP, PHONE = 1280, 320
# How far (CSS px) an edge may be from the edge it should sit on: borders and rounding.
NEAR = 3

PAGES = {
    "home": ("/", None),
    "practice": (f"/practices/{ENGLISH_ONLY}", None),
    "sign-in form": ("/login", None),
    "practice form": ("/practices/new", "librarian@demo.example.org"),
}

# Boxes the checks compare, in CSS px of the viewport: an element's own box, the content box of
# the part of the page it is laid out in (padding taken off) and, for text, the box of its first
# line (a Range's first client rect: where the text starts).
MEASURE = """selectors => {
  const content = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return {left: r.left + parseFloat(s.paddingLeft) + parseFloat(s.borderLeftWidth),
            right: r.right - parseFloat(s.paddingRight) - parseFloat(s.borderRightWidth)}; };
  const firstLine = e => { const range = document.createRange(); range.selectNodeContents(e);
    const r = [...range.getClientRects()].find(r => r.width > 0); return r && {left: r.left, right: r.right}; };
  const found = {};
  for (const [name, selector] of Object.entries(selectors)) {
    const e = [...document.querySelectorAll(selector)].find(e => e.checkVisibility());
    if (!e) { found[name] = null; continue; }
    const r = e.getBoundingClientRect();
    found[name] = {left: r.left, right: r.right, inner: content(e), text: firstLine(e)};
  }
  found.header = content(document.querySelector('.header-bar'));
  found.main = content(document.querySelector('main'));
  const html = document.documentElement;
  found.dir = html.dir; found.lang = html.lang; found.direction = getComputedStyle(html).direction;
  found.viewport = html.clientWidth; found.scrollWidth = html.scrollWidth;
  // Try to scroll sideways, both ways: the page must not move.
  window.scrollTo(-10000, 0); const toStart = window.scrollX;
  window.scrollTo(10000, 0); const toEnd = window.scrollX; window.scrollTo(0, 0);
  found.scrolled = [toStart, toEnd];
  return found;
}"""

# What each page is measured on: the site's name and the first link of the main navigation (both
# in the header), the page's heading, and what else starts a line in the page's language.
COMMON = {"brand": ".site-header .brand", "nav first": ".main-nav li:first-child a",
          "menu button": ".site-menu > summary", "heading": "main h1"}
ON_PAGE = {
    "home": {"lead": ".hero .lead"},
    # The practice is not in Arabic: its title and texts run left to right (dir="auto");
    # what the portal says about it is in Arabic.
    "practice": {"breadcrumb": ".breadcrumbs li:first-child", "fact": ".facts dt", "notice": "p.notice"},
    "sign-in form": {"label": "label[for=email]", "field": "input#email",
                     "button": "form.form-stack button[type=submit]"},
    "practice form": {"label": "label[for=title]", "field": "input#title", "legend": "fieldset legend"},
}
# A long form's fieldset (where its labels and fields are laid out) and a group of checkboxes.
GROUPS = {"practice form": {"group": "form.form-stack fieldset", "choice": "ul.checkboxes li",
                            "choice box": "ul.checkboxes li input"}}


@pytest.fixture(scope="module")
def server(databases, tmp_path_factory):
    with _serving(databases, tmp_path_factory.mktemp("rtl")) as (base_url, _):
        yield base_url


@pytest.fixture(scope="module")
def signed_in(browser, server):
    """Storage states of the accounts the pages need, signed in once."""
    states = {}

    def state(email):
        if email not in states:
            context = browser.new_context(base_url=server, locale="en-GB")
            page = context.new_page()
            page.goto("/login")
            page.fill("input[name=email]", email)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("form.form-stack button[type=submit]")
            page.wait_for_url("**/start")
            states[email] = context.storage_state()
            context.close()
        return states[email]
    return state


def _visit(browser, server, signed_in, page_name, language, width, folder):
    path, account = PAGES[page_name]
    viewport = {"width": width, "height": 800 if width == DESKTOP else 640}
    context = browser.new_context(base_url=server, viewport=viewport, locale=locale(language),
                                  storage_state=signed_in(account) if account else None)
    try:
        page = context.new_page()
        response = page.goto(f"{path}?lang={language}")
        assert response.status == 200, (path, response.status)
        page.evaluate("document.fonts.ready")
        found = page.evaluate(MEASURE, {**COMMON, **ON_PAGE[page_name], **GROUPS.get(page_name, {})})
        page.screenshot(path=str(folder / f"{page_name.replace(' ', '-')}-{language}-{width}.png"))
        return found
    finally:
        context.close()


def _starts_at_right(found, name, within, text=True):
    """The element stands at the right of `within` (a content box), and its text (unless
    `text` is false) starts at its own right, leaving space at its left or filling its line."""
    box = found[name]
    assert box is not None, f"{name}: not on the page"
    assert abs(box["right"] - within["right"]) <= NEAR, \
        f"{name} ends at {box['right']:.0f}, not at the right edge {within['right']:.0f}"
    if text:
        line, inner = box["text"], box["inner"]
        assert abs(line["right"] - inner["right"]) <= NEAR, \
            f"{name}: its text ends at {line['right']:.0f}, not at its right edge {inner['right']:.0f}"
        fills_the_line = line["right"] - line["left"] > 0.8 * (inner["right"] - inner["left"])
        assert line["left"] > inner["left"] + NEAR or fills_the_line, f"{name}: its text is not at its right"


def _starts_at_left(found, name, within, text=True):
    box = found[name]
    assert box is not None, f"{name}: not on the page"
    assert abs(box["left"] - within["left"]) <= NEAR, \
        f"{name} starts at {box['left']:.0f}, not at the left edge {within['left']:.0f}"
    if text:
        line, inner = box["text"], box["inner"]
        assert abs(line["left"] - inner["left"]) <= NEAR, \
            f"{name}: its text starts at {line['left']:.0f}, not at its left edge {inner['left']:.0f}"


def _content_of(found, page_name):
    """The content box the page's own elements are laid out in (a fieldset of a long form)."""
    return found["group"]["inner"] if page_name in GROUPS else found["main"]


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("page_name", list(PAGES))
def test_an_arabic_page_is_laid_out_right_to_left(browser, server, signed_in, page_name, width, tmp_path):
    found = _visit(browser, server, signed_in, page_name, "ar", width, tmp_path)
    assert (found["dir"], found["lang"], found["direction"]) == ("rtl", "ar", "rtl")

    # The site's name starts the header, at its right.
    _starts_at_right(found, "brand", found["header"])
    if width == DESKTOP:
        # The main navigation reads from the right: its first link ("Home") is the rightmost.
        _starts_at_right(found, "nav first", found["header"], text=False)
    else:
        # On a phone the navigation is folded into a menu, whose button is at the left.
        assert found["nav first"] is None
        assert abs(found["menu button"]["left"] - found["header"]["left"]) <= NEAR, found["menu button"]

    # Headings, labels and the portal's own words start at the right.
    content = _content_of(found, page_name)
    if page_name != "practice":
        _starts_at_right(found, "heading", found["main"])
    else:  # the practice is not in Arabic: its title keeps its own direction
        _starts_at_left(found, "heading", found["main"])
    for name in ON_PAGE[page_name]:
        _starts_at_right(found, name, content if name in ("label", "field", "legend") else found["main"],
                         text=name not in ("field", "button"))
    if "field" in found and width == DESKTOP:
        # A form narrower than the page keeps to its right side.
        assert found["field"]["left"] > found["main"]["left"] + 200
    if "choice" in found:
        # A checkbox stands before its label: at its right.
        assert abs(found["choice box"]["right"] - found["choice"]["right"]) <= NEAR + 3, found["choice box"]

    # Nothing scrolls sideways, on the phone either.
    assert found["scrollWidth"] <= found["viewport"] <= width, found["scrollWidth"]
    assert found["scrolled"] == [0, 0], f"the page scrolls sideways: {found['scrolled']}"


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("page_name", ["home", "sign-in form"])
def test_the_same_page_in_english_is_laid_out_left_to_right(browser, server, signed_in, page_name, width, tmp_path):
    found = _visit(browser, server, signed_in, page_name, "en", width, tmp_path)
    assert (found["dir"], found["lang"], found["direction"]) == ("ltr", "en", "ltr")
    _starts_at_left(found, "brand", found["header"])
    if width == DESKTOP:
        _starts_at_left(found, "nav first", found["header"], text=False)
    else:
        assert abs(found["menu button"]["right"] - found["header"]["right"]) <= NEAR, found["menu button"]
    _starts_at_left(found, "heading", found["main"])
    for name in ON_PAGE[page_name]:
        _starts_at_left(found, name, found["main"], text=name not in ("field", "button"))
    assert found["scrollWidth"] <= width and found["scrolled"] == [0, 0]


def test_the_arabic_menu_on_a_phone_opens_and_reads_from_the_right(browser, server, tmp_path):
    context = browser.new_context(base_url=server, viewport={"width": PHONE, "height": 640}, locale="ar")
    try:
        page = context.new_page()
        page.goto("/cities?lang=ar")
        page.locator(".site-menu > summary").click()
        found = page.evaluate(MEASURE, {"home": ".main-nav li:first-child a", "panel": ".menu-panel",
                                        "language": ".language li:first-child"})
        page.screenshot(path=str(tmp_path / "menu-ar-320.png"))
        panel = found["panel"]["inner"]
        assert found["home"] is not None, "the menu did not open"
        # Each link of the open menu starts at the right of the panel, the panel spans the screen.
        _starts_at_right(found, "home", panel)
        assert found["language"]["right"] == pytest.approx(panel["right"], abs=NEAR)
        assert found["panel"]["left"] >= 0 and found["panel"]["right"] <= PHONE
        assert found["scrollWidth"] <= PHONE and found["scrolled"] == [0, 0]
    finally:
        context.close()


SIDEWAYS = """() => {
  const html = document.documentElement;
  window.scrollTo(-10000, 0); const toStart = window.scrollX;
  window.scrollTo(10000, 0); const toEnd = window.scrollX; window.scrollTo(0, 0);
  return {dir: html.dir, scrollWidth: html.scrollWidth, scrolled: [toStart, toEnd]};
}"""


def test_no_arabic_page_type_scrolls_sideways_on_a_phone(site):
    """Every page type (tests/page_types.py), in Arabic, on a 320 px screen: a page laid out
    right to left overflows at its left, where a left-to-right check would not look."""
    wide = []
    for page_type in site.page_types:
        page = site.page(page_type.account, "ar", **page_checks.PHONE)
        page_checks.visit(page, page_type)
        found = page.evaluate(SIDEWAYS)
        assert found["dir"] == "rtl", page_type.id
        if found["scrollWidth"] > PHONE or found["scrolled"] != [0, 0]:
            wide.append(f"{page_type.id} {page_type.path}: {found}")
    assert not wide, "\n".join(wide)
