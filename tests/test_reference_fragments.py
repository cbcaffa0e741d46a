"""The framework pages keep their reference texts rendered per language (portal/framework/
fragments.py): the second reader costs no query of the tree, each language gets its own, and
loading the reference data again shows the new texts at once."""
import shutil

from models.framework import KeyFeature
from portal.extensions import db
from portal.reference.commands import load_reference_data


def test_the_key_features_tree_is_rendered_once_per_language(client, count_queries):
    first = client.get("/key-features?lang=en").get_data(as_text=True)
    with count_queries() as again:
        second = client.get("/key-features?lang=en").get_data(as_text=True)
    assert second == first and "2.2.1" in second
    assert not any("key_features" in statement or "measurement_points" in statement for statement in again)
    chinese = client.get("/key-features?lang=zh").get_data(as_text=True)
    assert "主要特征" in chinese and chinese != first
    assert client.get("/key-features?lang=en").get_data(as_text=True) == first   # English still English


def test_loading_the_reference_data_again_shows_the_new_text_at_once(app, client, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(app.config["DATA_DIR"], data)
    with app.test_request_context():
        old = db.session.scalar(db.select(KeyFeature).order_by(KeyFeature.code)).title_en
    assert old in client.get("/key-features").get_data(as_text=True)   # now kept rendered
    path = data / "key_features.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, "Renamed for the test", 1), encoding="utf-8")
    with app.test_request_context():
        load_reference_data(str(data))                 # what `flask load-reference` runs
        db.session.commit()
    page = client.get("/key-features").get_data(as_text=True)
    assert "Renamed for the test" in page and old not in page
