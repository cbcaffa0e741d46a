"""The self-assessment page: one form, the 38 key features grouped by area and focus area,
each rated 1 to 5 with a legend, a short justification and its evidence. Its team edits it;
its National Commission and the secretariat read it while it is a draft."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models.reference_numbers import YEAR_MIN
from portal.cities import queries as cities
from portal.domain_errors import DomainError
from portal.i18n import current_language, localized
from portal.monitoring import assessment_schema, assessments, data_entry, report_queries, rules
from portal.monitoring.blueprint import bp
from portal.monitoring.report_forms import SelfAssessmentForm
from portal.permissions import allowed_actions, require, user_or_none


def _entered_from(assessed):
    return {code: {"rating": str(a.rating), "justification": a.justification,
                   "practices": {str(i) for i in a.evidence_practice_ids}, "points": set(a.evidence_points)}
            for code, a in assessed.items()}


def _entered_from_form(codes):
    return {code: {"rating": request.form.get(f"rating-{code}", ""),
                   "justification": request.form.get(f"justification-{code}", ""),
                   "practices": set(request.form.getlist(f"practices-{code}")),
                   "points": set(request.form.getlist(f"points-{code}"))} for code in codes}


def _ratings(entered):
    """What the page sent, as save_self_assessment takes it."""
    return {code: {"rating": entry["rating"] or None, "justification": entry["justification"],
                   "evidence_practice_ids": sorted(entry["practices"]),
                   "evidence_points": sorted(entry["points"])} for code, entry in entered.items()}


@bp.route("/cities/<slug>/data/<int:year>/self-assessment", methods=["GET", "POST"])
def self_assessment(slug, year):
    city = cities.city_by_slug(slug) or abort(404)
    require("city_data.view_drafts", city)
    if not YEAR_MIN <= year <= data_entry.latest_allowed_year():
        abort(404)
    tree = report_queries.key_feature_tree()
    codes = [f.code for area in tree for focus in area.focus_areas for f in focus.key_features]
    data_set = report_queries.data_set_of(city, year)
    entered, problems, status = _entered_from(assessments.assessments_by_code(data_set)), {}, 200
    form = SelfAssessmentForm()
    if request.method == "POST":
        require("city_data.edit", city)
        entered = _entered_from_form(codes)
        if not form.validate_on_submit():
            status = 400
        else:
            try:
                assessments.save_self_assessment(city, year, _ratings(entered), actor=current_user,
                                                 language=current_language())
                flash(_("The self-assessment of %(city)s for %(year)s is saved.",
                        city=localized(city, "name"), year=year), "success")
                return redirect(url_for(".self_assessment", slug=city.slug, year=year))
            except DomainError as error:
                status = error.status
                for problem in getattr(error, "problems", []):
                    problems.setdefault(problem.field, []).append(problem.message)
    return render_template(
        "monitoring/self_assessment.html", city=city, year=year, tree=tree, entered=entered,
        problems=problems, form=form, data_set=data_set, ratings=assessment_schema.RATINGS,
        legends=assessment_schema.RATING_LEGENDS, max_words=rules.JUSTIFICATION_MAX_WORDS,
        practices=assessments.evidence_practices(city),
        may=allowed_actions(user_or_none(), city, "city_data.edit")), status
