"""Loads the Beijing Declaration's commitments and the Key Features tree."""
import datetime as dt

from models.framework import (
    Area,
    Breakdown,
    CallToAction,
    Commitment,
    CommitmentAction,
    DataSource,
    Declaration,
    FocusArea,
    KeyFeature,
    MeasurementPoint,
    Unit,
)
from models.reference_numbers import COMMITMENT_NUMBERS
from portal.extensions import db
from portal.reference.upsert import Upserter

COMMITMENTS_FILE = "commitments.yaml"
KEY_FEATURES_FILE = "key_features.yaml"


def load_declaration(reader, report):
    """The Declaration's own texts: title, place and date, summary, call to action."""
    item = reader.content.get("declaration")
    if not isinstance(item, dict):
        reader.fail("declaration", "expected a mapping")
    if not isinstance(item.get("adopted"), dt.date):
        reader.fail("declaration.adopted", "expected a date such as 2013-10-23")
    declaration = Upserter(Declaration, "id", report).put(
        1, adopted=item["adopted"],
        **reader.translated(item, "title", "declaration", max_length=300),
        **reader.translated(item, "place", "declaration", max_length=200),
        **reader.translated(item, "summary", "declaration"))
    calls = [reader.in_every_language(call, where)
             for where, call in reader.items(item, "call_to_action", "declaration")]
    _replace_texts(declaration.calls_to_action, CallToAction, calls, report)


def load_commitments(reader, report):
    commitments = Upserter(Commitment, "number", report)
    numbers = []
    for where, item in reader.items(reader.content, "commitments", ""):
        number = reader.optional(item, "number", where, int)
        if number not in COMMITMENT_NUMBERS or number in numbers:
            reader.fail(f"{where}.number", "expected a distinct number from 1 to 12")
        numbers.append(number)
        commitment = commitments.put(
            number,
            slug=reader.text(item, "slug", where, max_length=120),
            **reader.translated(item, "title", where, max_length=200),
            **reader.translated(item, "summary", where),
        )
        actions = [reader.in_every_language(action, action_where)
                   for action_where, action in reader.items(item, "actions", where)]
        _replace_texts(commitment.actions, CommitmentAction, actions, report)
    if sorted(numbers) != list(COMMITMENT_NUMBERS):
        reader.fail("commitments", "expected exactly the commitments numbered 1 to 12")
    commitments.note_unseen("Commitment")
    return commitments.existing


def _replace_texts(children, model, texts, report):
    """Ordered texts that belong wholly to their parent (a commitment's actions, the
    Declaration's calls to action): matched by position, extras removed."""
    table = model.__tablename__
    for position, values in enumerate(texts, start=1):
        current = children[position - 1] if position <= len(children) else None
        if current is None:
            children.append(model(position=position, **values))
            report.add(table, "created")
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            report.add(table, "updated")
        else:
            report.add(table, "unchanged")
    for extra in list(children[len(texts):]):
        children.remove(extra)
        report.add(table, "deleted")


def load_key_features(reader, report, commitments_by_number):
    areas = Upserter(Area, "code", report)
    focus_areas = Upserter(FocusArea, "code", report)
    features = Upserter(KeyFeature, "code", report)
    points = Upserter(MeasurementPoint, "key", report)
    units = {u.value for u in Unit}
    sources = {s.value for s in DataSource}
    breakdowns = {b.value for b in Breakdown}

    for area_where, area_item in reader.items(reader.content, "areas", ""):
        area_code = _code(reader, area_item, area_where, parent=None)
        area = areas.put(area_code, **reader.translated(area_item, "title", area_where),
                         **reader.translated(area_item, "description", area_where))
        for fa_where, fa_item in reader.items(area_item, "focus_areas", area_where):
            fa_code = _code(reader, fa_item, fa_where, parent=area_code)
            number = fa_item.get("commitment")
            if number not in commitments_by_number:
                reader.fail(f"{fa_where}.commitment", "expected a commitment number from 1 to 12")
            focus_area = focus_areas.put(
                fa_code, area=area, commitment=commitments_by_number[number],
                **reader.translated(fa_item, "title", fa_where))
            for kf_where, kf_item in reader.items(fa_item, "key_features", fa_where):
                kf_code = _code(reader, kf_item, kf_where, parent=fa_code)
                feature = features.put(
                    kf_code, focus_area=focus_area, position=int(kf_code.split(".")[-1]),
                    **reader.translated(kf_item, "title", kf_where))
                for position, (mp_where, mp_item) in enumerate(
                        reader.items(kf_item, "measurement_points", kf_where), start=1):
                    key = reader.text(mp_item, "key", mp_where, max_length=100)
                    if key in points.seen:
                        reader.fail(f"{mp_where}.key", f"{key!r} is used twice")
                    listed = mp_item.get("breakdowns") or []
                    for value in listed:
                        reader.choice({"breakdowns": value}, "breakdowns", mp_where, breakdowns)
                    points.put(
                        key, key_feature=feature, position=position,
                        **reader.translated(mp_item, "name", mp_where, max_length=300),
                        **reader.translated(mp_item, "definition", mp_where),
                        unit=Unit(reader.choice(mp_item, "unit", mp_where, units)),
                        source=DataSource(reader.choice(mp_item, "source", mp_where, sources)),
                        breakdowns=list(listed),
                    )
    for upserter, label in ((areas, "Area"), (focus_areas, "Focus area"), (features, "Key feature")):
        upserter.note_unseen(label)
    # Measurement points belong wholly to their key feature: one dropped from the file goes.
    for point in points.unseen():
        db.session.delete(point)
        report.add("measurement_points", "deleted")


def _code(reader, item, where, parent):
    code = item.get("code")
    code = str(code) if code is not None else ""
    parts = code.split(".")
    if not all(p.isdigit() for p in parts) or (parent and code.rsplit(".", 1)[0] != parent) \
            or (parent is None and len(parts) != 1):
        reader.fail(f"{where}.code", f"{code!r} does not continue the numbering of {parent or 'the tree'}")
    return code
