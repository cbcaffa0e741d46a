"""`flask load-reference` and `flask load-demo` are idempotent, apply edits, and load
nothing from a broken file."""
import shutil

import pytest
import yaml
from sqlalchemy import func, select

from models.cities import City, MemberState
from models.framework import Commitment, CommitmentAction, KeyFeature, MeasurementPoint
from portal.extensions import db
from tests.conftest import DATA_DIR

TABLES = (Commitment, CommitmentAction, KeyFeature, MeasurementPoint, MemberState, City)


def _counts(app):
    with app.app_context():
        return {m.__tablename__: db.session.scalar(select(func.count()).select_from(m))
                for m in TABLES}


def test_loading_an_empty_database_then_again_duplicates_nothing(empty_app):
    runner = empty_app.test_cli_runner()
    first = runner.invoke(args=["load-reference"])
    assert first.exit_code == 0, first.output
    assert "commitments: 12 created" in first.output
    demo = runner.invoke(args=["load-demo"])
    assert demo.exit_code == 0
    assert "adoptions: 5 created" in demo.output and "cluster memberships: 15 created" in demo.output
    counts = _counts(empty_app)
    assert counts["commitments"] == 12 and counts["member_states"] == 194
    assert counts["cities"] >= 12

    second = runner.invoke(args=["load-reference"])
    assert second.exit_code == 0
    assert "commitments: 0 created, 0 updated, 12 unchanged" in second.output
    assert "measurement_points: 0 created, 0 updated, 54 unchanged" in second.output
    again = runner.invoke(args=["load-demo"]).output
    assert "adoptions: 0 created, 0 updated, 5 unchanged" in again
    assert "cluster memberships: 0 created, 0 updated" in again
    assert _counts(empty_app) == counts


def _copy_data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path, change):
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_edits_in_the_files_are_applied(app, tmp_path):
    data = _copy_data(tmp_path)

    def retitle(content):
        content["commitments"][4]["title"]["en"] = "Revitalising learning at home and nearby"
        content["commitments"][4]["actions"].pop()

    _edit(data / "commitments.yaml", retitle)
    app.config["DATA_DIR"] = str(data)
    result = app.test_cli_runner().invoke(args=["load-reference"])
    assert result.exit_code == 0, result.output
    assert "commitments: 0 created, 1 updated, 11 unchanged" in result.output
    assert "1 deleted" in result.output
    with app.app_context():
        five = db.session.scalar(select(Commitment).filter_by(number=5))
        assert five.title_en == "Revitalising learning at home and nearby"
        assert len(five.actions) == 3


def test_a_broken_file_loads_nothing_and_says_where(app, tmp_path):
    data = _copy_data(tmp_path)
    _edit(data / "commitments.yaml",
          lambda c: c["commitments"][0]["title"].update(en="Changed title"))
    _edit(data / "key_features.yaml",
          lambda c: c["areas"][1]["focus_areas"][0]["key_features"][0]["title"].pop("zh"))
    app.config["DATA_DIR"] = str(data)
    before = _counts(app)
    result = app.test_cli_runner().invoke(args=["load-reference"])
    assert result.exit_code != 0
    assert "Nothing was loaded" in result.output
    assert "key_features.yaml: areas[1].focus_areas[0].key_features[0].title.zh" in result.output
    with app.app_context():  # the commitment edit read before the error was rolled back
        assert db.session.scalar(select(Commitment).filter_by(number=1)).title_en != "Changed title"
    assert _counts(app) == before


@pytest.mark.parametrize("file, edit, where", [
    ("commitments.yaml", lambda c: c["commitments"][2]["title"].pop("ar"), "commitments[2].title.ar"),
    ("commitments.yaml", lambda c: c["commitments"][0]["actions"][1].update(ru=" "),
     "commitments[0].actions[1].ru"),
    ("clusters.yaml", lambda c: c["clusters"][0]["description"].pop("es"), "clusters[0].description.es"),
    ("member_states.yaml", lambda c: c["regions"][0]["name"].pop("fr"), "regions[0].name.fr"),
    ("commitments.yaml", lambda c: c["commitments"][0]["title"].update(de="Titel"),
     "commitments[0].title: de is not one of the portal's languages"),
])
def test_a_missing_translation_is_a_load_error(app, tmp_path, file, edit, where):
    data = _copy_data(tmp_path)
    _edit(data / file, edit)
    app.config["DATA_DIR"] = str(data)
    before = _counts(app)
    result = app.test_cli_runner().invoke(args=["load-reference"])
    assert result.exit_code != 0 and "Nothing was loaded" in result.output
    assert f"{file}: {where}" in result.output
    assert _counts(app) == before


def test_french_no_break_spaces_are_kept(app, tmp_path):
    data = _copy_data(tmp_path)
    _edit(data / "commitments.yaml",
          lambda c: c["commitments"][0]["title"].update(fr="Titre\u00a0: essai\n  sur  deux lignes"))
    app.config["DATA_DIR"] = str(data)
    result = app.test_cli_runner().invoke(args=["load-reference"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(Commitment).filter_by(number=1)).title_fr \
            == "Titre\u00a0: essai sur deux lignes"


def test_unknown_country_in_demo_data_is_refused(app, tmp_path):
    data = _copy_data(tmp_path)
    _edit(data / "demo" / "cities.yaml", lambda c: c["cities"][0].update(country="XX"))
    app.config["DATA_DIR"] = str(data)
    result = app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code != 0
    assert "cities[0].country" in result.output and "'XX' is not one of" in result.output


def test_demo_data_needs_the_reference_data_first(empty_app):
    result = empty_app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code != 0
    assert "load the reference data first" in result.output


def test_demo_cities_are_marked_as_demo(app):
    with app.app_context():
        cities = db.session.scalars(select(City)).all()
        assert cities and all(c.is_demo for c in cities)
        slugs = {c.slug for c in cities}
        assert {"hume", "columbus"} <= slugs
        regions = {c.member_state.region.code for c in cities}
        assert len(regions) == 5


def test_a_demo_site_shows_exchange_between_cities(app, client):
    """The transfer graph and the clusters are not empty on a fresh demo site."""
    page = client.get("/network/transfers").get_data(as_text=True)
    assert "Digital skills drop-ins for older people" in page and "Hume" in page and "Espoo" in page
    cluster = client.get("/clusters/literacy").get_data(as_text=True)
    assert "Ibadan" in cluster and "Melton" in cluster


def test_demo_exchange_leaves_what_the_site_changed(app):
    """A cluster the secretariat closed and a practice since unpublished are left alone."""
    from models.exchange import Adoption, Cluster, ClusterMembership
    from models.practices import Practice
    with app.app_context():
        cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "literacy"))
        cluster.is_open = False
        db.session.execute(ClusterMembership.__table__.delete().where(ClusterMembership.cluster_id == cluster.id))
        practice = db.session.scalar(select(Practice).where(Practice.external_id == "demo-practice-01"))
        db.session.execute(Adoption.__table__.delete().where(Adoption.practice_id == practice.id))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output
    assert "not added to literacy: the cluster is closed" in result.output
    with app.app_context():
        assert not db.session.scalar(select(Cluster).where(Cluster.slug == "literacy")).memberships
