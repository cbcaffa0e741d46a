"""The indicators' CSV through its doors: `flask indicators-import` / `indicators-export`,
the city's upload page and the downloads."""
import io

from sqlalchemy import func, select

from models.monitoring import CityDataSet, DataSetState, IndicatorValue
from portal.extensions import db

HEADER = "city,year,measurement_point,breakdown,value,source,citation,note\n"
GOOD = (HEADER + "columbus,2024,voter-participation,,60,official,City elections board,\n"
        + "columbus,2024,adult-literacy-rate,sex=female,98,official,,\n")
BAD = GOOD + "columbus,2024,adult-literacy-rate,,140,official,,\n"


def values_of(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(IndicatorValue))


def test_the_import_command_publishes_what_it_imports_and_counts(app, runner, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(args=["indicators-import", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 added, 0 changed, 0 unchanged." in result.output
    with app.app_context():
        assert db.session.scalar(select(CityDataSet.state)) is DataSetState.published
    again = runner.invoke(args=["indicators-import", str(path)])
    assert "0 added, 0 changed, 2 unchanged." in again.output


def test_the_import_command_refuses_a_bad_file_whole_naming_each_line(app, runner, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(BAD + "atlantis,2024,voter-participation,,60,official,,\n", encoding="utf-8")
    result = runner.invoke(args=["indicators-import", str(path)])
    assert result.exit_code != 0
    assert "line 4, column value: Value: 140 is not possible" in result.output
    assert "line 5, column city: no city has the slug" in result.output
    assert "nothing was imported" in result.output and values_of(app) == 0


def test_the_import_command_asks_to_accept_warnings(app, runner, tmp_path):
    first, second = tmp_path / "2023.csv", tmp_path / "2024.csv"
    first.write_text(HEADER + "columbus,2023,voter-participation,,60,official,,\n", encoding="utf-8")
    second.write_text(HEADER + "columbus,2024,voter-participation,,10,official,,\n", encoding="utf-8")
    assert runner.invoke(args=["indicators-import", str(first)]).exit_code == 0
    refused = runner.invoke(args=["indicators-import", str(second)])
    assert refused.exit_code != 0 and "line 2, column value: 10 is 83% away" in refused.output
    assert values_of(app) == 1
    accepted = runner.invoke(args=["indicators-import", "--accept-warnings", str(second)])
    assert accepted.exit_code == 0 and values_of(app) == 2


def test_the_export_command_writes_the_published_values(app, runner, tmp_path):
    source = tmp_path / "values.csv"
    source.write_text(GOOD, encoding="utf-8")
    runner.invoke(args=["indicators-import", str(source)])
    out = runner.invoke(args=["indicators-export"])
    assert "columbus,2024,voter-participation,,60,official,City elections board," in out.output
    target = tmp_path / "out.csv"
    runner.invoke(args=["indicators-export", str(target)])
    assert target.read_text(encoding="utf-8-sig").splitlines()[0] == HEADER.strip()


def upload(client, text, **extra):
    data = {"file": (io.BytesIO(text.encode("utf-8")), "columbus-2024.csv"), **extra}
    return client.post("/cities/columbus/data/2024/upload", data=data, content_type="multipart/form-data")


def test_an_upload_with_a_bad_row_is_refused_whole_then_a_good_file_is_saved(app, client, login_as):
    login_as("data_officer")
    refused = upload(client, BAD)
    assert refused.status_code == 400
    assert "line 4, column value: Value: 140 is not possible" in refused.get_data(as_text=True)
    assert values_of(app) == 0
    saved = upload(client, GOOD)
    assert saved.status_code == 302
    assert "2 values added" in client.get(saved.headers["Location"]).get_data(as_text=True)
    assert values_of(app) == 2
    with app.app_context():
        assert db.session.scalar(select(CityDataSet.state)) is DataSetState.draft   # the site does not publish


def test_an_upload_refuses_another_citys_rows(app, client, login_as):
    login_as("city_coordinator")
    page = upload(client, GOOD + "hume,2024,voter-participation,,60,official,,\n").get_data(as_text=True)
    assert "line 4, column city: this upload is for the data of Columbus for 2024 only." in page
    assert values_of(app) == 0


def test_warnings_are_confirmed_with_the_same_content_kept_in_the_page(app, client, login_as):
    import re
    login_as("data_officer")
    upload(client, GOOD)                                          # 2024: 60
    jump = HEADER + "columbus,2025,voter-participation,,10,official,,\n"
    page = client.post("/cities/columbus/data/2025/upload", data={"file": (io.BytesIO(jump.encode()), "a.csv")},
                       content_type="multipart/form-data")
    body = page.get_data(as_text=True)
    assert page.status_code == 400 and "line 2, column value: 10 is 83% away" in body
    assert values_of(app) == 2
    kept = re.search(r'<input[^>]*name="content"[^>]*value="([^"]+)"', body).group(1)
    confirmed = client.post("/cities/columbus/data/2025/upload", data={"content": kept, "confirm": "y"})
    assert confirmed.status_code == 302 and values_of(app) == 3


def test_a_file_that_is_not_csv_or_too_big_is_refused_with_a_reason(app, client, login_as):
    login_as("data_officer")
    not_csv = client.post("/cities/columbus/data/2024/upload", data={"file": (io.BytesIO(b"%PDF-1.4"), "a.pdf")},
                          content_type="multipart/form-data")
    assert not_csv.status_code == 400 and "Choose a CSV file" in not_csv.get_data(as_text=True)
    big = client.post("/cities/columbus/data/2024/upload",
                      data={"file": (io.BytesIO(GOOD.encode() * 10_000), "big.csv")},
                      content_type="multipart/form-data")
    assert big.status_code == 400 and "the limit is" in big.get_data(as_text=True)
    assert values_of(app) == 0


def test_the_downloads_hold_published_values_only(app, client, login_as, runner, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(HEADER + "columbus,2023,voter-participation,,58,official,,\n", encoding="utf-8")
    runner.invoke(args=["indicators-import", str(path)])      # published
    login_as("data_officer")
    upload(client, GOOD)                                         # a draft 2024
    login_as(None)
    for url in ("/open-data/indicators.csv", "/cities/columbus/indicators.csv"):
        response = client.get(url)
        text = response.get_data(as_text=True)
        assert response.mimetype == "text/csv" and "columbus,2023,voter-participation,,58" in text
        assert "2024" not in text
        assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    assert client.get("/cities/columbus/data/2024/template.csv").status_code == 302   # a draft: sign in
    assert "columbus,2023,voter-participation,,58" in client.get(
        "/cities/columbus/data/2023/template.csv").get_data(as_text=True)
    login_as("natcom_officer")
    template = client.get("/cities/columbus/data/2024/template.csv").get_data(as_text=True)
    assert "columbus,2024,voter-participation,,60,official,City elections board," in template
