"""Practices and case studies: the area's blueprint and what its pages share (template
helpers, loading a practice the reader may see). Its route modules (`routes.py` for writing
and reviewing, `reading_routes.py` for versions and the guide) import it and add their pages;
`portal/blueprints.py` registers it."""
from urllib.parse import urlencode

from flask import Blueprint, abort, request
from markupsafe import Markup, escape

from models.practices import SECTIONS
from portal.i18n import current_language
from portal.language_of_parts import attributes_for, lang_for
from portal.permissions import require
from portal.practices import queries, rules
from portal.practices.schema import FIELDS
from portal.practices.workflow import WORKFLOW

bp = Blueprint("practices", __name__)


@bp.record_once
def register_template_helpers(state):
    # Globals rather than a context processor: the shared macros (imported without
    # context) use them too.
    state.app.jinja_env.globals.update(practice_helpers())


def practice_helpers():
    return {"organisation_type_label": rules.ORGANISATION_TYPE_LABELS.get,
            "practice_status_label": rules.STATUS_LABELS.get,
            "practice_action_label": lambda name: WORKFLOW[name].label,
            "practice_event_label": WORKFLOW.event_label,
            "target_group_label": rules.TARGET_GROUP_LABELS.get,
            "licence_label": rules.LICENCE_LABELS.get, "kind_label": rules.KIND_LABELS.get,
            "practice_sections": [(name, rules.SECTION_HEADINGS[name]) for name in (*SECTIONS, "body")],
            "practice_field": FIELDS.get,
            "practice_parts": rules.part_list,
            "text_lang": text_lang, "text_shown": text_shown, "lang_for": lang_for,
            "reading_url": reading_url}


# Reading a practice in another language than the page's: `?read=fr` shows its texts in
# French where it has a French translation (in the language it is written in, where that
# is the one asked for); the page around them stays in the reader's language.
READ = "read"


def reading_language(practice):
    """The language the reader reads `practice` (or a published version) in: the one asked
    for with `?read=`, when the practice is written or translated in it, else the page's when
    it is, else the one it is written in."""
    available = practice.languages()
    for language in (request.args.get(READ, ""), current_language()):
        if language in available:
            return language
    return practice.language


def reading_url(language):
    """This page with the practice's texts in `language` (the page's own: without `?read=`)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != READ]
    if language != current_language():
        args.append((READ, language))
    return request.path + ("?" + urlencode(args) if args else "")


def text_lang(p, language, field):
    """` lang="…"` (and `dir`) for an element holding `field` of `p` read in `language`, when
    the text shown is in another language than the page's (WCAG 3.1.2)."""
    return attributes_for(p.shown_language(language, field))


def text_shown(p, language, field):
    """`field` of `p` read in `language`, in a `<span lang>` when not in the page's language."""
    text, attributes = p.text_in(language, field), attributes_for(p.shown_language(language, field))
    return Markup("<span%s>%s</span>") % (attributes, text) if attributes and text else escape(text or "")


def practice_or_404(slug, permission="practice.view"):
    """The practice with this slug (404 if none), once the reader holds `permission` on it."""
    practice = queries.practice_by_slug(slug) or abort(404)
    require(permission, practice)
    return practice
