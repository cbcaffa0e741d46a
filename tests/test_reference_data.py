"""The reference data is complete and consistent with the Beijing Declaration and the
Key Features of Learning Cities."""
import re

import pytest
from babel import Locale
from sqlalchemy import func, select

from models.base import LANGUAGES
from models.cities import MemberState, Region
from models.exchange import Cluster
from models.framework import Area, Commitment, Declaration, FocusArea, KeyFeature, MeasurementPoint, Unit
from portal.extensions import db
from tests import seed

# Numbers of measurement points per key feature, as printed in the seed's table.
POINTS_PER_FEATURE = {
    "1.1.1": 1, "1.1.2": 2, "1.1.3": 2, "1.1.4": 2, "1.2.1": 1, "1.2.2": 2, "1.2.3": 2,
    "1.2.4": 1, "1.2.5": 1, "1.3.1": 2, "1.3.2": 2, "1.3.3": 2, "2.1.1": 1, "2.1.2": 1,
    "2.1.3": 1, "2.2.1": 1, "2.2.2": 1, "2.3.1": 1, "2.3.2": 2, "2.3.3": 2, "2.4.1": 3,
    "2.4.2": 2, "2.4.3": 1, "2.5.1": 1, "2.5.2": 1, "2.5.3": 1, "2.5.4": 1, "2.6.1": 1,
    "2.6.2": 3, "2.6.3": 1, "3.1.1": 1, "3.1.2": 1, "3.2.1": 1, "3.2.2": 1, "3.2.3": 1,
    "3.3.1": 2, "3.3.2": 1, "3.3.3": 1,
}
# Actions listed under each commitment in the Declaration.
ACTIONS_PER_COMMITMENT = [4, 6, 3, 5, 4, 4, 4, 5, 4, 3, 3, 5]

pytestmark = pytest.mark.usefixtures("app_context")


def _features():
    return db.session.scalars(select(KeyFeature).join(FocusArea).order_by(
        FocusArea.code, KeyFeature.position)).all()


def test_twelve_commitments_with_their_actions():
    commitments = db.session.scalars(select(Commitment).order_by(Commitment.number)).all()
    assert [c.number for c in commitments] == list(range(1, 13))
    assert [len(c.actions) for c in commitments] == ACTIONS_PER_COMMITMENT
    assert commitments[0].title_en == "Empowering individuals and promoting social cohesion"
    for c in commitments:
        assert c.title_zh and c.summary_en and c.summary_zh
        assert all(a.text_en and a.text_zh for a in c.actions)


def test_declaration_with_its_call_for_action():
    declaration = db.session.scalar(select(Declaration))
    assert declaration.adopted.isoformat() == "2013-10-23"
    assert len(declaration.calls_to_action) == 5
    assert "network" in declaration.calls_to_action[0].text_en.lower()


def test_key_features_tree_has_three_areas_and_twelve_focus_areas():
    areas = db.session.scalars(select(Area).order_by(Area.code)).all()
    assert [a.code for a in areas] == ["1", "2", "3"]
    assert [len(a.focus_areas) for a in areas] == [3, 6, 3]
    for area in areas:
        for number, fa in enumerate(area.focus_areas, start=1):
            assert fa.code == f"{area.code}.{number}"


def test_every_key_feature_of_the_seed_numbering_is_present_in_order():
    codes = [kf.code for kf in _features()]
    assert codes == list(POINTS_PER_FEATURE)


def test_measurement_points_per_key_feature_match_the_seed():
    counts = {kf.code: len(kf.measurement_points) for kf in _features()}
    assert counts == POINTS_PER_FEATURE
    assert db.session.scalar(select(func.count(MeasurementPoint.id))) == 54


@pytest.mark.skipif(not seed.available(), reason="the shared seeds are not beside the checkout")
def test_tree_matches_the_seed_document_itself():
    table = seed.key_feature_table()
    assert [kf.code for kf in _features()] == list(table)
    assert [fa.code for fa in db.session.scalars(select(FocusArea).order_by(FocusArea.code))] \
        == seed.focus_area_codes()
    for kf in _features():
        assert [mp.source.value for mp in kf.measurement_points] == table[kf.code], kf.code


# The script each language's texts are written in (a text left in English would fail).
SCRIPTS = {"zh": r"[\u4e00-\u9fff]", "ar": r"[\u0600-\u06ff]", "ru": r"[\u0400-\u04ff]",
           "fr": r"[a-zàâçéèêëîïôûùüÿœ]", "es": r"[a-záéíñóúü]"}


def test_measurement_points_are_complete_in_every_language():
    for mp in db.session.scalars(select(MeasurementPoint)):
        for language in LANGUAGES:
            assert mp.localized("name", language) == getattr(mp, f"name_{language}"), mp.key
            assert getattr(mp, f"definition_{language}"), (mp.key, language)
        for language, script in SCRIPTS.items():
            assert re.search(script, getattr(mp, f"name_{language}")), (mp.key, language)
        assert isinstance(mp.unit, Unit)


@pytest.mark.parametrize("model, fields", [
    (Commitment, ("title", "summary")), (Area, ("title", "description")), (FocusArea, ("title",)),
    (KeyFeature, ("title",)), (Region, ("name",)), (Cluster, ("name", "description"))])
def test_reference_texts_are_written_in_every_language(model, fields):
    rows = db.session.scalars(select(model)).all()
    assert rows
    for row in rows:
        for field in fields:
            for language, script in SCRIPTS.items():
                text = getattr(row, f"{field}_{language}")
                assert text and re.search(script, text.lower()), (row, field, language)


def test_rated_measures_and_breakdowns_follow_the_seed():
    literacy = db.session.scalar(select(MeasurementPoint).join(KeyFeature)
                                 .where(KeyFeature.code == "1.1.1"))
    assert literacy.unit is Unit.percent and literacy.breakdowns == ["sex"]
    leadership = db.session.scalar(select(MeasurementPoint).join(KeyFeature)
                                   .where(KeyFeature.code == "3.1.1"))
    assert leadership.unit is Unit.rating and leadership.source.value == "expert"
    preschool = db.session.scalar(select(MeasurementPoint).join(KeyFeature)
                                  .where(KeyFeature.code == "2.1.1"))
    assert set(preschool.breakdowns) == {"sex", "income_quintile"}


def test_each_focus_area_serves_the_commitment_of_the_same_rank():
    focus_areas = db.session.scalars(select(FocusArea).order_by(FocusArea.code)).all()
    assert [fa.commitment.number for fa in focus_areas] == list(range(1, 13))


def test_member_states_with_regions_and_names_in_every_language():
    regions = db.session.scalars(select(Region).order_by(Region.position)).all()
    assert [r.code for r in regions] == ["africa", "arab-states", "asia-pacific",
                                         "europe-north-america", "latin-america-caribbean"]
    states = db.session.scalars(select(MemberState)).all()
    assert len(states) == 194
    territories = Locale("en").territories
    for state in states:
        assert state.iso in territories
        assert all(getattr(state, f"name_{language}") for language in LANGUAGES), state.iso
    by_iso = {s.iso: s for s in states}
    assert by_iso["AU"].name_zh == "澳大利亚" and by_iso["AU"].region.code == "asia-pacific"
    # Names from CLDR in each language, not typed by hand.
    assert (by_iso["MA"].name_fr, by_iso["MA"].name_ar, by_iso["PE"].name_es, by_iso["KZ"].name_ru) \
        == (Locale("fr").territories["MA"], Locale("ar").territories["MA"],
            Locale("es").territories["PE"], Locale("ru").territories["KZ"])
    assert by_iso["MA"].name_fr == "Maroc" and by_iso["KZ"].name_ru == "Казахстан"
    assert by_iso["EG"].region.code == "arab-states"
    assert by_iso["NO"].name_en == "Norway"
    assert by_iso["PS"].name_en == "Palestine"


# Each cluster's commitments, and words of each commitment in the Declaration that say why.
CLUSTER_COMMITMENTS = {
    "sustainable-development": {3: "促进可持续发展"},
    "equity-inclusion": {1: "包容的城市社区", 4: "边缘化群体", 5: "弱势群体"},
    "health-wellbeing": {2: "体育锻炼", 5: "第三学习者"},
    "literacy": {1: "获得基本技能", 4: "成人教育"},
    "entrepreneurship": {2: "就业机会", 6: "工作场所学习"},
    "monitoring-evaluation": {10: "持续监管学习型城市的发展进程"},
}


def test_each_cluster_serves_the_commitments_it_is_about():
    from models.exchange import Cluster
    clusters = {c.slug: [k.number for k in c.commitments] for c in db.session.scalars(select(Cluster))}
    assert clusters == {slug: sorted(why) for slug, why in CLUSTER_COMMITMENTS.items()}


@pytest.mark.skipif(not seed.available(), reason="the shared seeds are not beside the checkout")
def test_the_declaration_says_why_each_cluster_has_its_commitments():
    sections = seed.commitment_sections()
    for slug, why in CLUSTER_COMMITMENTS.items():
        for number, words in why.items():
            assert words in sections[number], (slug, number, words)


@pytest.mark.skipif(not seed.available(), reason="the shared seeds are not beside the checkout")
def test_commitment_titles_in_chinese_are_the_declarations():
    commitments = db.session.scalars(select(Commitment).order_by(Commitment.number)).all()
    assert {c.number: c.title_zh for c in commitments} == seed.commitment_titles()


def test_the_key_features_file_counts_what_it_holds():
    import yaml

    from tests.conftest import DATA_DIR
    with open(f"{DATA_DIR}/key_features.yaml", encoding="utf-8") as handle:
        text = handle.read()
    tree = yaml.safe_load(text)
    focus_areas = [fa for area in tree["areas"] for fa in area["focus_areas"]]
    features = [kf for fa in focus_areas for kf in fa["key_features"]]
    points = [mp for kf in features for mp in kf["measurement_points"]]
    header = " ".join(line.lstrip("# ") for line in text.splitlines() if line.startswith("#"))
    for count, what in ((len(tree["areas"]), "areas"), (len(focus_areas), "focus areas"),
                        (len(features), "key features"), (len(points), "measurement points")):
        said = re.search(rf"(\d+) {what}", header)
        assert said and int(said.group(1)) == count, (
            f"the header says {said and said.group(0)}; there are {count} {what}")


@pytest.mark.skipif(not seed.available(), reason="the shared seeds are not beside the checkout")
def test_the_teaching_force_is_broken_down_by_the_levels_the_seed_lists(client):
    levels = {"学前教育", "初等教育", "中等教育", "高等教育", "成人和继续教育"}
    for code in ("2.5.1", "3.3.1"):
        listed = {level for level in levels if re.search(rf"^{level} %", seed.key_feature_block(code), re.M)}
        page = client.get(f"/key-features/{code}?lang=zh").get_data(as_text=True)
        shown = re.findall(r"<li>教育层次：([^<]*)</li>", page)
        assert shown, code
        assert {level for level in levels if level in shown[-1]} == listed, code


def test_loading_corrects_clusters_nobody_edited_and_keeps_the_secretariats(app, actors):
    from models.exchange import Cluster
    from portal.exchange.clusters import save_cluster
    from portal.reference.commands import load_reference_data
    from tests.conftest import DATA_DIR
    by_slug = {c.slug: c for c in db.session.scalars(select(Cluster))}
    three = db.session.scalar(select(Commitment).where(Commitment.number == 3))
    twelve = db.session.scalar(select(Commitment).where(Commitment.number == 12))
    by_slug["monitoring-evaluation"].commitments = [twelve]          # as an older file had it
    edited = by_slug["literacy"]
    save_cluster(edited, {"name_en": edited.name_en, "name_zh": edited.name_zh,
                          "description_en": edited.description_en,
                          "description_zh": edited.description_zh}, [three], actor=actors["secretariat"])
    db.session.commit()
    report = load_reference_data(DATA_DIR)
    assert [c.number for c in by_slug["monitoring-evaluation"].commitments] == [10]
    assert [c.number for c in edited.commitments] == [3]
    assert report.counts["clusters"]["updated"] == 1
    assert load_reference_data(DATA_DIR).counts["clusters"]["updated"] == 0
