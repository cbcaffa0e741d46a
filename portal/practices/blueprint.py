"""Practices and case studies: the area's blueprint and what its pages share (template
helpers, loading a practice the reader may see). Its route modules (`routes.py` for writing
and reviewing, `reading_routes.py` for versions and the guide) import it and add their pages;
`portal/blueprints.py` registers it."""
from flask import Blueprint, abort

from models.practices import SECTIONS
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
            "practice_parts": rules.part_list}


def practice_or_404(slug, permission="practice.view"):
    """The practice with this slug (404 if none), once the reader holds `permission` on it."""
    practice = queries.practice_by_slug(slug) or abort(404)
    require(permission, practice)
    return practice
