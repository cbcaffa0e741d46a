"""Slugs: accented Latin letters lose their accents, a title without Latin letters gets a
fallback, and a slug, once made, never changes (not on an edit, not on a re-run of the loaders)."""
import json

import pytest
from sqlalchemy import func, select

from models.cities import City, MemberState
from models.practices import Practice
from portal.cities.operations import add_city
from portal.cities.queries import city_by_slug
from portal.extensions import db
from portal.practices import content, operations
from portal.reference.commands import load_demo_data, load_reference_data
from portal.text import slugify
from tests.conftest import DATA_DIR, complete_practice_line


@pytest.mark.parametrize("text, slug", [
    ("São Paulo", "sao-paulo"), ("Lomé", "lome"), ("Medellín", "medellin"), ("Łódź", "lodz"),
    ("Straße des Lernens", "strasse-des-lernens"), ("Ærøskøbing", "aeroskobing"),
    ("Sa\u0303o Paulo", "sao-paulo"),                 # the accent typed as a combining mark
    ("Café 学习", "cafe"),                               # the Chinese part is left out, as before
    ("L'Aquila & Reggio", "l-aquila-reggio"), ("Learning festival 2024", "learning-festival-2024"),
])
def test_accented_latin_letters_lose_their_accents(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize("text", ["终身学习节", "Київ", "ＡＢＣ", "Ab", "", None, "—"])
def test_a_title_without_three_latin_letters_or_digits_gets_the_fallback(text):
    assert slugify(text, fallback="hume-practice") == "hume-practice"


def test_a_slug_stops_at_its_length_without_a_trailing_dash():
    assert slugify("é" * 79 + " b") == "e" * 79
    assert len(slugify("Lomé " * 40)) <= 80 and not slugify("Lomé " * 40).endswith("-")


def test_a_new_city_and_a_new_practice_get_transliterated_slugs(app_context, actors):
    brazil = db.session.scalar(select(MemberState).where(MemberState.iso == "BR"))
    assert add_city("São Paulo", brazil).slug == "sao-paulo"
    assert add_city("Sao Paulo", brazil).slug == "sao-paulo-br"   # the next one is told apart
    data = {"title": "Lomé reading tents", "language": "en", "city": city_by_slug("columbus"),
            "summary": "Tents.", "commitments": [2]}
    assert operations.create_practice(data, actor=actors["practitioner"]).slug == "lome-reading-tents"
    chinese = operations.create_practice(dict(data, title="帐篷里的阅读", language="zh"), actor=actors["practitioner"])
    assert chinese.slug == "columbus-practice"


def _import(runner, tmp_path, title, city="São Paulo"):
    line = complete_practice_line({"external_id": "accented", "title": title, "summary": "Tents in parks.",
                                   "language": "en", "country": "BR", "city": city, "commitments": [2]})
    path = tmp_path / "accented.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(args=["practices-import", str(path)])
    assert result.exit_code == 0, result.output


def test_slugs_made_before_never_change(app, runner, tmp_path):
    """Rows whose slugs the old function made (accents dropped) keep them: on a re-import,
    on an edit, and when the reference and demo data are loaded again."""
    with app.app_context():
        brazil = db.session.scalar(select(MemberState).where(MemberState.iso == "BR"))
        db.session.add(City(slug="s-o-paulo", name_en="São Paulo", name_zh="圣保罗", member_state=brazil))
        db.session.commit()
    _import(runner, tmp_path, "Lomé reading tents")
    with app.app_context():
        practice = db.session.scalar(select(Practice).where(Practice.external_id == "accented"))
        assert practice.city.slug == "s-o-paulo"          # found by its name, not made again
        practice.slug = "lom-reading-tents"                # as the old function made it
        demo = db.session.scalar(select(Practice).where(Practice.city.has(City.slug == "medellin")))
        demo_slug = demo.slug = "medell-n-old-slug"
        demo_id = demo.id
        db.session.commit()
    _import(runner, tmp_path, "Lomé reading tents, renamed")
    with app.test_request_context():
        practice = db.session.scalar(select(Practice).where(Practice.external_id == "accented"))
        assert practice.slug == "lom-reading-tents" and practice.title == "Lomé reading tents, renamed"
        operations.update_practice(practice, {**content.content_of(practice), "title": "Lomé tents"},
                                   actor=actors_secretariat())
        db.session.commit()
        load_reference_data(DATA_DIR)
        load_demo_data(DATA_DIR)
        db.session.commit()
        assert db.session.get(Practice, practice.id).slug == "lom-reading-tents"
        assert db.session.get(Practice, demo_id).slug == demo_slug
        assert db.session.scalar(select(func.count(City.id)).where(City.name_en == "São Paulo")) == 1
        assert city_by_slug("sao-paulo") is None


def actors_secretariat():
    from portal.auth.operations import find_user_by_email
    from tests.conftest import ROLE_EMAILS
    return find_user_by_email(ROLE_EMAILS["secretariat"])
