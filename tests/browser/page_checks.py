"""What the page-type checks measure in the browser, as small JavaScript functions, and how a
page type is reached (a form page type is sent empty and checked as it comes back)."""
import pathlib

from tests.browser.languages import JOURNEY_LANGUAGES

AXE = pathlib.Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = JOURNEY_LANGUAGES
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 320, "height": 568}


def measure(site, page_type, language):
    """Every check on one page type: on a desktop screen, then resized to a small phone."""
    page = site.page(page_type.account, language, script=AXE, **DESKTOP)
    page.set_viewport_size(DESKTOP)
    visit(page, page_type)
    found = {"axe": page.evaluate(AXE_RUN, WCAG_21_AA),
             "language": page.evaluate(LANGUAGE_OF_PARTS, language),
             "header": page.evaluate(HEADER_FINDS)}
    if page_type.post_to:
        found["summary"] = page.evaluate(ERROR_SUMMARY)
    page.keyboard.press("Tab")  # from now on, focus moved by script shows as for a keyboard
    found["focus"] = page.evaluate(FOCUS_CONTRAST)
    page.set_viewport_size(PHONE)
    found["phone"] = {**page.evaluate(REFLOW), **page.evaluate(TARGETS)}
    return found


def visit(page, page_type):
    """Open the page type; for a form page type, send its form empty and return the answer."""
    response = page.goto(page_type.path)
    if page_type.post_to:
        with page.expect_navigation():
            page.locator(page_type.form).first.evaluate(SEND_EMPTY)
    return response


SEND_EMPTY = """form => {
  for (const field of form.elements) {
    if (field.type === 'hidden' || field.tagName === 'BUTTON') continue;
    if (field.type === 'checkbox' || field.type === 'radio') field.checked = false;
    else if (field.tagName === 'SELECT') field.selectedIndex = -1;
    else field.value = '';
  }
  form.submit();
}"""

# Describes an element for a failure message.
_DESCRIBE = """const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
  + (e.classList && e.classList.length ? '.' + [...e.classList].join('.') : '')
  + ' "' + (e.textContent || '').trim().slice(0, 40) + '"';"""

REFLOW = """() => {
  %s
  const doc = document.documentElement, width = doc.clientWidth;
  const scrolls = e => { for (let a = e.parentElement; a; a = a.parentElement)
    if (a !== doc && a !== document.body && /auto|scroll|hidden/.test(getComputedStyle(a).overflowX)) return true;
    return false; };
  const wide = [...document.body.querySelectorAll('*')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width && r.right > width + 1 && e.checkVisibility() && !scrolls(e); });
  const deepest = wide.filter(e => !wide.some(o => o !== e && e.contains(o)));
  const header = document.querySelector('.site-header').getBoundingClientRect();
  return {scrollWidth: doc.scrollWidth, header: header.height, culprits: deepest.slice(0, 4).map(describe)};
}""" % _DESCRIBE

# Links drawn in an SVG (map dots, graph nodes) must be at least 24 x 24 CSS px to tap; the
# graph's labels at least 12 px high on screen.
TARGETS = """() => {
  %s
  const small = [...document.querySelectorAll('svg a')].filter(a => {
    const r = a.getBoundingClientRect(); return r.width < 24 || r.height < 24; }).map(a => {
    const r = a.getBoundingClientRect();
    return describe(a) + ' ' + Math.round(r.width) + 'x' + Math.round(r.height); });
  const tiny = [...document.querySelectorAll('svg text')].filter(t => {
    const svg = t.ownerSVGElement, box = svg.viewBox.baseVal;
    const scale = box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
    return parseFloat(getComputedStyle(t).fontSize) * scale < 12; }).map(describe);
  return {small: small, tiny: tiny};
}""" % _DESCRIBE

AXE_RUN = """async tags => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""

# The focus indicator of every link, button and field against what surrounds it (WCAG 1.4.11:
# at least 3:1). Focus is moved by script after a Tab, so :focus-visible applies as for a keyboard.
FOCUS_CONTRAST = """() => {
  %s
  const rgb = c => { const m = c.match(/[\\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; };
  const lum = ([r, g, b]) => [r, g, b].map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const behind = e => { for (let a = e; a; a = a.parentElement) {
      const c = rgb(getComputedStyle(a).backgroundColor); if (c.length < 4 || c[3] > 0) return c; }
    return [255, 255, 255]; };
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary';
  const failures = [], seen = new Set();
  for (const e of document.querySelectorAll(selector)) {
    const box = e.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(e).visibility === 'hidden') continue;
    e.focus({preventScroll: true});
    if (document.activeElement !== e) continue;
    const style = getComputedStyle(e);
    const width = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth);
    const ring = rgb(style.outlineColor);
    // An outline drawn outside the element sits on its parent's background; one drawn on or
    // inside its edge is seen against the element's own background as well.
    const around = [behind(e.parentElement)];
    if (parseFloat(style.outlineOffset) <= 0) around.push(behind(e));
    const worst = Math.min(...around.map(c => ratio(ring, c)));
    const key = describe(e).split(' "')[0] + ' ' + worst.toFixed(2);
    if ((width < 2 || worst < 3) && !seen.has(key)) {
      seen.add(key);
      failures.push(describe(e) + ': ring ' + width + 'px, contrast ' + worst.toFixed(2));
    }
  }
  return failures.slice(0, 6);
}""" % _DESCRIBE

# Language of parts: the deepest elements whose own text is in another language than the
# page's must say so with a lang attribute on them or around them. Another language is told by
# its script (two Chinese characters, two Arabic or two Cyrillic letters in a row on a page in
# another script; four Latin-script words in a row on a Chinese, Arabic or Russian page, which
# may be marked as any of English, French and Spanish) and, between the Latin-script languages,
# by at least two of the commonest words of one of them and fewer of the page's (so that an
# English sentence on a French page, translated or not, is found).
LANGUAGE_OF_PARTS = """pageLanguage => {
  %s
  const latin = ['en', 'fr', 'es'];
  const common = {
    en: 'the and of to is are with for this that from was were have has which',
    fr: 'le les des et est une du au aux avec pour dans sur qui sont leur ses ce cette nous vous mais pas ont',
    es: 'el los las del y es una con por para al sus como lo su más pero muy también'};
  const words = {};
  for (const l of latin) words[l] = new Set(common[l].split(' '));
  const scripts = {zh: /[\\u3400-\\u9fff]{2}/, ar: /[\\u0600-\\u06ff]{2}/, ru: /[\\u0400-\\u04ff]{2}/,
                   latin: /[A-Za-z\\u00c0-\\u024f]+([ ,'’-]+[A-Za-z\\u00c0-\\u024f]+){3}/};
  const pageLatin = latin.includes(pageLanguage);
  const own = e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(' ');
  // The languages the element's own text is in, other than the page's: each as the lang
  // values that would do.
  const others = text => {
    const found = [];
    for (const script of ['zh', 'ar', 'ru'])
      if (script !== pageLanguage && scripts[script].test(text)) found.push([script]);
    if (!pageLatin && scripts.latin.test(text)) found.push(latin);
    if (pageLatin) {
      const tokens = text.toLowerCase().match(/[a-z\\u00c0-\\u024f]+/g) || [];
      const hits = l => tokens.filter(w => words[l].has(w)).length;
      const best = latin.filter(l => l !== pageLanguage).sort((a, b) => hits(b) - hits(a))[0];
      if (hits(best) >= 2 && hits(best) > hits(pageLanguage)) found.push([best]);
    }
    return found;
  };
  const failures = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'TITLE'].includes(e.tagName)) continue;
    const found = others(own(e).replace(/\\s+/g, ' '));
    if (!found.length) continue;
    const lang = (e.closest('[lang]') || document.documentElement).lang;
    for (const allowed of found)
      if (!allowed.some(l => lang.startsWith(l))) failures.push(describe(e) + ' (lang=' + lang + ')');
  }
  return failures.slice(0, 6);
}""" % _DESCRIBE

# Practices and a search box in the header (on the search pages, their own search form first
# in the content stands for the header's).
HEADER_FINDS = """() => {
  const header = document.querySelector('header.site-header');
  const link = header && [...header.querySelectorAll('a[href="/practices"]')].find(a => a.checkVisibility());
  const form = ['/search', '/practices'].includes(location.pathname)
    ? 'main form[role=search]' : 'header form[role=search]';
  const box = document.querySelector(form + '[action="/search"][method=get] input[name=q]');
  return {practices: !!link, search: !!(box && box.checkVisibility() && box.labels.length)};
}"""

# A form sent back with errors: the summary has the focus, comes first in <main> (so that it is
# first without JavaScript too), the title says so, and each link leads to a field on the page.
ERROR_SUMMARY = """() => {
  const summary = document.querySelector('.error-summary');
  if (!summary) return {present: false};
  const targets = [...summary.querySelectorAll('a[href^="#"]')].map(a => {
    const field = document.getElementById(a.getAttribute('href').slice(1));
    return {href: a.getAttribute('href'),
            field: !!field && ['INPUT', 'SELECT', 'TEXTAREA'].includes(field.tagName) && field.checkVisibility()};
  });
  return {present: true, focused: document.activeElement === summary,
          first: document.querySelector('main').firstElementChild === summary,
          title: document.title, headed: !!summary.querySelector('h2'),
          links: summary.querySelectorAll('a').length, badTargets: targets.filter(t => !t.field).map(t => t.href)};
}"""
