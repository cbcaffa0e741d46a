"""practices-import and practices-export: idempotent, all-or-nothing, round trip."""
import json

from sqlalchemy import func, select

from models.practices import Practice, PracticeStatus
from portal.extensions import db
from portal.search import sync
from tests.conftest import complete_practice_line


def line(n, **changes):
    item = {"external_id": f"ext-{n}", "title": f"Imported practice {n}",
            "summary": "A practice that arrived by file.", "body": "It has a *body*.",
            "language": "en", "country": "FI", "city": "Espoo", "commitments": [3, 9],
            "organisation": "Espoo Library", "organisation_type": "public_library", "year": 2020,
            "key_features": ["2.2.1"], "target_groups": ["adults"], "url": "https://example.org/x",
            "kind": "practice"}
    item.update(changes)
    return json.dumps(complete_practice_line(item), ensure_ascii=False)


def write(tmp_path, lines, name="in.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def count(app, **where):
    with app.app_context():
        return db.session.scalar(select(func.count(Practice.id)).filter_by(**where))


def test_import_publishes_and_is_idempotent(app, runner, client, tmp_path):
    path = write(tmp_path, [line(1), line(2, language="zh", title="导入的实践", summary="通过文件导入。",
                                         country="CN", city="Beijing")])
    result = runner.invoke(args=["practices-import", path])
    assert result.exit_code == 0 and "2 created, 0 updated" in result.output
    assert count(app, external_id="ext-1", status=PracticeStatus.published) == 1
    assert "Imported practice 1" in client.get("/search?q=imported").get_data(as_text=True)
    assert "导入的实践" in client.get("/search?q=导入").get_data(as_text=True)
    again = runner.invoke(args=["practices-import", path])
    assert "0 created, 2 updated" in again.output
    assert count(app, external_id="ext-1") == 1
    changed = write(tmp_path, [line(1, title="Imported practice one, renamed")], "changed.jsonl")
    runner.invoke(args=["practices-import", changed])
    assert "renamed" in client.get("/search?q=renamed").get_data(as_text=True)


def test_a_file_with_bad_lines_changes_nothing_and_says_which(app, runner, client, tmp_path):
    before = count(app)
    path = write(tmp_path, [line(1), line(2, commitments=[13]), "{not json", line(4, country="XX"),
                            line(5, summary="word " * 81), line(1)])
    result = runner.invoke(args=["practices-import", path])
    assert result.exit_code != 0
    output = result.output
    assert "line 2: 'commitments': Commitments are numbered 1 to 12." in output
    assert "line 3: not valid JSON" in output
    assert "line 4: 'country' 'XX' is not the ISO code of a UNESCO Member State" in output
    assert "line 5: 'summary': Summary: 81 words; the limit is 80." in output
    assert "line 6: external_id 'ext-1' already used on line 1" in output
    assert "nothing was imported" in output
    assert count(app) == before
    assert "Imported practice 1" not in client.get("/search?q=imported").get_data(as_text=True)
    with app.test_request_context():
        assert sync.drift() == ([], [])


def test_missing_required_keys_are_named(runner, tmp_path):
    item = json.loads(line(1))
    del item["commitments"], item["title"]
    result = runner.invoke(args=["practices-import", write(tmp_path, [json.dumps(item)])])
    assert "missing required key 'title'" in result.output
    assert "missing required key 'commitments'" in result.output


def test_an_unknown_city_is_created_in_its_country(app, runner, tmp_path):
    runner.invoke(args=["practices-import", write(tmp_path, [line(1, city="Tampere")])])
    from models.cities import City
    with app.app_context():
        tampere = db.session.scalar(select(City).filter_by(name_en="Tampere"))
        assert tampere.member_state.iso == "FI" and tampere.member_since is None


FRENCH = {"language": "fr", "title": "Deuxième pratique", "summary": "Une pratique arrivée par fichier.",
          "need": "Un besoin, *traduit*."}
RUSSIAN = {"language": "ru", "title": "Вторая практика", "summary": "Практика, пришедшая из файла."}
CHINESE = {"language": "zh", "title": "第二个", "summary": "第二个实践。"}


def test_export_then_import_round_trips(app, runner, tmp_path):
    runner.invoke(args=["practices-import", write(tmp_path, [
        line(1), line(2, translations=[CHINESE, FRENCH, RUSSIAN]),
        line(3, translation=CHINESE)])])   # the older format: one translation, as an object
    exported = tmp_path / "out.jsonl"
    assert runner.invoke(args=["practices-export", str(exported)]).exit_code == 0
    first = exported.read_text(encoding="utf-8")
    items = {i["external_id"]: i for i in map(json.loads, first.splitlines())}
    # every translation, in the order of the portal's languages, under "translations"
    assert [t["language"] for t in items["ext-2"]["translations"]] == ["fr", "ru", "zh"]
    assert items["ext-2"]["translations"][0]["need"] == "Un besoin, *traduit*."
    assert items["ext-2"]["key_features"] == ["2.2.1"]
    assert items["ext-3"]["translations"] == [CHINESE] and "translation" not in items["ext-3"]
    assert "translations" not in items["ext-1"]
    result = runner.invoke(args=["practices-import", str(exported)])
    assert "0 created" in result.output
    again = tmp_path / "again.jsonl"
    runner.invoke(args=["practices-export", str(again)])
    assert again.read_text(encoding="utf-8") == first


def test_a_line_without_a_translation_it_had_removes_it(app, runner, client, tmp_path):
    runner.invoke(args=["practices-import", write(tmp_path, [line(2, translations=[CHINESE, FRENCH])])])
    assert "Deuxième pratique" in client.get("/practices/imported-practice-2?lang=fr").get_data(as_text=True)
    runner.invoke(args=["practices-import", write(tmp_path, [line(2, translations=[CHINESE])], "less.jsonl")])
    with app.app_context():
        practice = db.session.scalar(select(Practice).filter_by(external_id="ext-2"))
        assert [t.language for t in practice.translations] == ["zh"]
        # the earlier published version keeps the translation it had
        assert [[t["language"] for t in v.snapshot["translations"]] for v in practice.versions] == [
            ["fr", "zh"], ["zh"]]
