"""Every page type on a desktop screen, in English, Chinese, French and Arabic, anonymous and
signed in as each role (the `findings` fixture visits them): no WCAG 2.1 A or AA violation
found by axe-core, a focus indicator that stands out from what surrounds it, every piece of
text in another language than the page's marked as such, and Practices and a search box in
the header."""
import pytest

from tests.browser.page_checks import LANGUAGES


def _failures(found, key):
    return "\n".join(f"{p.id} {p.path}: {f[key]}" for p, f in found if f[key]) or None


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_violation_of_wcag_21_aa(findings, language):
    failures = _failures(findings[language], "axe")
    assert not failures, failures


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_focus_indicator_contrasts_at_least_3_to_1(findings, language):
    failures = _failures(findings[language], "focus")
    assert not failures, failures


@pytest.mark.parametrize("language", LANGUAGES)
def test_text_in_another_language_is_marked_with_it(findings, language):
    failures = _failures(findings[language], "language")
    assert not failures, failures


def test_every_page_has_practices_and_a_search_box_in_its_header(findings):
    missing = [f"{p.id} ({language}): {f['header']}" for language in LANGUAGES
               for p, f in findings[language] if not all(f["header"].values())]
    assert not missing, "\n".join(missing)
