"""A city's self-assessment on the 38 key features: the one operation that saves it.

`save_self_assessment(city, year, ratings, actor=…)` checks every rating with the schema
(assessment_schema.py) and refuses the whole page, naming each problem on its field
("<key feature code>.rating"), when one is wrong. The ratings belong to the year's data set,
made as a draft when the city has none for that year yet. A change to a published data set
adds one to its version, with an audit entry holding each rating's before and after (the
values' own versions are kept value by value by data_entry.py; ratings are few and small, so
the audit entry is their history)."""
from flask_babel import gettext as _
from sqlalchemy import select

from models.base import utcnow
from models.framework import KeyFeature
from models.monitoring import CityDataSet, DataSetState, SelfAssessment
from models.practices import Practice, PracticeStatus
from models.reference_numbers import YEAR_MIN
from portal import audit
from portal.domain_errors import InvalidFields
from portal.extensions import db
from portal.monitoring import assessment_schema, data_entry
from portal.permissions import check
from portal.validation import Problem

FIELDS = ("rating", "justification", "evidence_practice_ids", "evidence_points")


def evidence_practices(city):
    """The city's own published practices it may cite as evidence."""
    return db.session.scalars(select(Practice).where(
        Practice.city_id == city.id, Practice.status == PracticeStatus.published)
        .order_by(Practice.id)).all()


def data_set_for(city, year, *, is_demo=False):
    """The city's data set for `year`, made as a draft when it has none (as data_entry does)."""
    data_set = data_entry.data_set_of(city, year)
    if data_set is None:
        data_set = CityDataSet(city=city, year=year, state=DataSetState.draft, is_demo=is_demo)
        db.session.add(data_set)
        db.session.flush()
    return data_set


def _is_blank(entry):
    return entry.get("rating") in (None, "") and not (entry.get("justification") or "").strip()


def save_self_assessment(city, year, ratings, *, actor, language="en", today=None, is_demo=False):
    """Save the city's ratings for `year`, all or nothing. `ratings` maps a key feature's code
    to {"rating": 1..5, "justification": text, "evidence_practice_ids": [ids],
    "evidence_points": [measurement point keys]}; a key feature left blank (no rating, no
    justification) is not rated, and a rating it had is removed. Returns the data set."""
    check(actor, "city_data.edit", city)
    features = {f.code: f for f in db.session.scalars(select(KeyFeature))}
    practice_ids = {p.id for p in evidence_practices(city)}
    problems, cleaned = _problems(year, ratings, features, practice_ids, today)
    if problems:
        raise InvalidFields(problems)
    data_set = data_set_for(city, year, is_demo=is_demo)
    changes = _write(data_set, cleaned, features, actor, language)
    if changes:
        data_set.updated_at = utcnow()
        if data_set.is_published:
            data_set.version += 1
            audit.record(data_set, "city_data_set.change", actor,
                         changes={"version": (data_set.version - 1, data_set.version), **changes})
        else:
            audit.record(data_set, "city_data_set.assess", actor, changes=changes)
    db.session.flush()
    return data_set


def _problems(year, ratings, features, practice_ids, today):
    last_year = data_entry.latest_allowed_year(today)
    if not YEAR_MIN <= year <= last_year:
        return [Problem("year", _("Reference year: give a year from %(first)s to %(last)s.",
                                  first=YEAR_MIN, last=last_year))], {}
    found, cleaned = [], {}
    for code, entry in ratings.items():
        feature = features.get(code)
        if feature is None:
            found.append(Problem(f"{code}.rating", _("%(code)s is not one of the key features.", code=code)))
            continue
        if _is_blank(entry):
            cleaned[code] = None
            continue
        points = [p.key for p in feature.measurement_points]
        problems = assessment_schema.assessment_problems(entry, practice_ids=practice_ids, point_keys=points)
        found += [Problem(f"{code}.{p.field}", f"{code}: {p.message}") for p in problems]
        if not problems:
            cleaned[code] = assessment_schema.clean(entry, practice_ids=practice_ids, point_keys=points)
    return found, cleaned


def _write(data_set, cleaned, features, actor, language):
    """Apply the cleaned ratings; {code: (rating before, rating after)} of what changed."""
    existing = {a.key_feature_id: a for a in data_set.assessments}
    changes = {}
    for code, new in cleaned.items():
        feature = features[code]
        row = existing.get(feature.id)
        if new is None:
            if row is not None:
                changes[code] = (row.rating, None)
                data_set.assessments.remove(row)
            continue
        if row is not None and all(getattr(row, name) == new[name] for name in FIELDS):
            continue
        changes[code] = (row.rating if row else None, new["rating"])
        if row is None:
            row = SelfAssessment(key_feature_id=feature.id)
            data_set.assessments.append(row)
        for name in FIELDS:
            setattr(row, name, new[name])
        row.language = language
        row.updated_at = utcnow()
        row.updated_by_id = actor.id if actor is not None else None
    return changes


def assessments_by_code(data_set):
    """{key feature code: SelfAssessment} of a data set (empty for None)."""
    if data_set is None:
        return {}
    rows = db.session.execute(select(KeyFeature.code, SelfAssessment).join(
        SelfAssessment, SelfAssessment.key_feature_id == KeyFeature.id)
        .where(SelfAssessment.data_set_id == data_set.id))
    return {code: row for code, row in rows}
