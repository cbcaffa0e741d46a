"""The indicators' CSV: reading a file into values, all or nothing, every bad row named with
its line and column (portal/monitoring/csv_import.py, csv_format.py), and writing the
published values out (csv_export.py), tested at the operation."""
import pytest
from sqlalchemy import func, select

from models.monitoring import CityDataSet, IndicatorValue
from portal.cities.queries import city_by_slug
from portal.domain_errors import InvalidFields, NeedsConfirmation, NotAllowed
from portal.extensions import db
from portal.monitoring.csv_export import published_csv, template_csv
from portal.monitoring.csv_import import import_csv
from portal.monitoring.data_entry import Entry, save_values

HEADER = "city,year,measurement_point,breakdown,value,source,citation,note\n"
GOOD = (HEADER
        + "columbus,2024,adult-literacy-rate,,97.5,official,City statistics office | Census 2024 | 2024 | "
          "https://stats.example.org/census,From the census.\n"
        + "columbus,2024,adult-literacy-rate,sex=female,98,official,City statistics office,\n"
        + "columbus,2024,voter-participation,,NA,official,,No election was held that year.\n"
        + "columbus,2024,gdp-per-capita,,41000 EUR,official,,\n")


def csv_bytes(text):
    return text.encode("utf-8")


def stored():
    return db.session.execute(select(IndicatorValue.breakdown, IndicatorValue.value, IndicatorValue.currency,
                                     IndicatorValue.not_available, IndicatorValue.reason, IndicatorValue.note,
                                     IndicatorValue.citation_publisher, IndicatorValue.citation_title,
                                     IndicatorValue.citation_year, IndicatorValue.citation_url)
                              .order_by(IndicatorValue.id)).all()


def count_values():
    return db.session.scalar(select(func.count()).select_from(IndicatorValue))


@pytest.fixture
def columbus(app_context):
    return city_by_slug("columbus")


def test_a_file_is_read_in_the_formats_own_way(actors, columbus):
    outcome = import_csv(csv_bytes(GOOD), actor=actors["city_coordinator"])
    assert outcome.added == 4
    rows = stored()
    assert rows[0] == ("", 97.5, None, False, "", "From the census.", "City statistics office", "Census 2024",
                       2024, "https://stats.example.org/census")
    assert rows[1][:2] == ("sex=female", 98.0) and rows[1][6:8] == ("City statistics office", "")
    assert rows[2][3:6] == (True, "No election was held that year.", "")       # NA: the reason in the note
    assert rows[3][1:3] == (41000.0, "EUR")                                   # money with its currency


def test_money_without_a_currency_is_in_us_dollars(actors, columbus):
    import_csv(csv_bytes(HEADER + "columbus,2024,gdp-per-capita,,52000,official,,\n"), actor=actors["data_officer"])
    assert stored()[0][1:3] == (52000.0, "USD")


def test_a_byte_order_mark_as_excel_writes_it_is_accepted(actors, columbus):
    import_csv(b"\xef\xbb\xbf" + csv_bytes(GOOD), actor=actors["city_coordinator"])
    assert count_values() == 4


@pytest.mark.parametrize("row, says", [
    ("atlantis,2024,adult-literacy-rate,,50,official,,", "line 3, column city: no city has the slug \"atlantis\""),
    ("columbus,twenty,adult-literacy-rate,,50,official,,", "line 3, column year: write the year with four digits"),
    ("columbus,1200,adult-literacy-rate,,50,official,,", "line 3, column year: Reference year: give a year"),
    ("columbus,2024,literacy,,50,official,,", "line 3, column measurement_point: \"literacy\" is not the key"),
    ("columbus,2024,adult-literacy-rate,income_quintile=q1,50,official,,", "line 3, column breakdown:"),
    ("columbus,2024,adult-literacy-rate,,140,official,,", "line 3, column value: Value: 140 is not possible"),
    ("columbus,2024,adult-literacy-rate,,lots,official,,", "line 3, column value: Value: write a number"),
    ("columbus,2024,adult-literacy-rate,,,official,,A note but no value", "line 3, column value: write the value"),
    ("columbus,2024,adult-literacy-rate,,,official,,", None),   # empty: a template row left out
    ("columbus,2024,adult-literacy-rate,,NA,official,x | y | 2024,", "line 3, column note: Reason: say why"),
    ("columbus,2024,adult-literacy-rate,,50,census,,", "line 3, column source: Kind of source"),
    ("columbus,2024,adult-literacy-rate,,50,official,Office | Title | last year,", "line 3, column citation:"),
    ("columbus,2024,adult-literacy-rate,,50,official,Office | Title | 2024 | ftp://x,", "line 3, column citation:"),
    ("columbus,2024,gdp-per-capita,,41000 XYZ,official,,", "line 3, column value: Currency"),
    ("columbus,2024,adult-literacy-rate,,50,official,", "line 3: 7 columns instead of 8"),
    ("columbus,2024,voter-participation,,60,official,,", "line 3, column breakdown: This value is given twice"),
])
def test_each_bad_row_is_named_with_its_line_and_column_and_nothing_is_saved(actors, columbus, row, says):
    text = HEADER + "columbus,2024,voter-participation,,60,official,,\n" + row + "\n"
    if says is None:
        import_csv(csv_bytes(text), actor=actors["city_coordinator"])
        assert count_values() == 1
        return
    with pytest.raises(InvalidFields) as refused:
        import_csv(csv_bytes(text), actor=actors["city_coordinator"])
    assert [problem.message for problem in refused.value.problems if problem.message.startswith(says)], \
        refused.value.message
    assert count_values() == 0 and db.session.scalar(select(func.count()).select_from(CityDataSet)) == 0


def test_every_bad_row_of_a_file_is_listed_in_order(actors, columbus):
    text = (HEADER + "columbus,2024,adult-literacy-rate,,140,official,,\n"
            + "columbus,2024,voter-participation,,60,official,,\n"
            + "atlantis,2024,voter-participation,,60,official,,\n"
            + "columbus,2024,adult-literacy-rate,sex=female,50,poll,,\n")
    with pytest.raises(InvalidFields) as refused:
        import_csv(csv_bytes(text), actor=actors["city_coordinator"])
    assert [p.message.split(":")[0] for p in refused.value.problems] == [
        "line 2, column value", "line 4, column city", "line 5, column source"]
    assert count_values() == 0


def test_a_wrong_header_a_file_not_in_utf8_and_an_empty_file_are_refused(actors, columbus):
    with pytest.raises(InvalidFields, match="line 1: the first line must name the columns"):
        import_csv(csv_bytes("town,year,point,breakdown,value,source,citation,note\n"), actor=actors["data_officer"])
    with pytest.raises(InvalidFields, match="line 3: the file is not UTF-8"):
        import_csv(HEADER.encode() + b"columbus,2024,voter-participation,,60,official,,\n"
                   + "columbus,2024,voter-participation,,60,official,Bureau de Montréal,\n".encode("latin-1"),
                   actor=actors["data_officer"])
    with pytest.raises(InvalidFields, match="no values"):
        import_csv(csv_bytes(HEADER), actor=actors["data_officer"])
    assert count_values() == 0


def test_importing_the_same_rows_again_changes_nothing(actors, columbus):
    import_csv(csv_bytes(GOOD), actor=actors["city_coordinator"])
    before = stored()
    again = import_csv(csv_bytes(GOOD), actor=actors["city_coordinator"])
    assert (again.added, again.changed, again.unchanged) == (0, 0, 4)
    assert stored() == before


def test_a_citys_upload_refuses_the_rows_of_another_city_or_year(actors, columbus):
    text = (GOOD + "hume,2024,voter-participation,,60,official,,\n"
            + "columbus,2023,voter-participation,,60,official,,\n")
    with pytest.raises(InvalidFields) as refused:
        import_csv(csv_bytes(text), actor=actors["city_coordinator"], only=(columbus, 2024))
    assert [p.message.split(":")[0] for p in refused.value.problems] == ["line 6, column city", "line 7, column year"]
    assert count_values() == 0


def test_only_the_citys_team_imports_its_values(actors, columbus):
    with pytest.raises(NotAllowed):
        import_csv(csv_bytes(GOOD), actor=actors["natcom_officer"])
    assert count_values() == 0


def test_warnings_are_named_by_line_and_saved_only_when_confirmed(actors, columbus):
    import_csv(csv_bytes(HEADER + "columbus,2023,voter-participation,,60,official,,\n"), actor=actors["data_officer"])
    jump = csv_bytes(HEADER + "columbus,2024,voter-participation,,10,official,,\n")
    with pytest.raises(NeedsConfirmation) as warned:
        import_csv(jump, actor=actors["data_officer"])
    assert warned.value.warnings[0].message.startswith("line 2, column value: 10 is 83% away")
    assert count_values() == 1
    import_csv(jump, actor=actors["data_officer"], confirmed=True)
    assert count_values() == 2


def publish(city, year, actor):
    from portal.monitoring.data_entry import publish_data_set
    publish_data_set(city, year, actor=actor)


def test_export_then_import_gives_the_same_values(actors, columbus):
    import_csv(csv_bytes(GOOD + "columbus,2024,volunteering-and-community-activities,,12.345678901234,survey,,\n"),
               actor=actors["city_coordinator"], publish=True, by_command_line=True)
    before = stored()
    exported = "".join(published_csv()).encode("utf-8")
    db.session.execute(IndicatorValue.__table__.delete())
    import_csv(exported, actor=None, by_command_line=True)
    assert sorted(stored(), key=repr) == sorted(before, key=repr)
    assert import_csv(exported, actor=None, by_command_line=True).unchanged == len(before)


def test_drafts_are_never_exported_and_the_export_is_sorted(actors, columbus):
    hume = city_by_slug("hume")
    save_values([Entry(hume, 2024, "voter-participation", fields={"value": 50, "source": "official"}),
                 Entry(columbus, 2023, "voter-participation", fields={"value": 61, "source": "official"}),
                 Entry(columbus, 2022, "voter-participation", fields={"value": 60, "source": "official"})],
                actor=None, by_command_line=True, publish=True)
    save_values([Entry(columbus, 2024, "voter-participation", fields={"value": 62, "source": "official"})],
                actor=None, by_command_line=True)   # a draft
    lines = "".join(published_csv()).lstrip("\ufeff").splitlines()
    assert lines == [HEADER.strip(), "columbus,2022,voter-participation,,60,official,,",
                     "columbus,2023,voter-participation,,61,official,,", "hume,2024,voter-participation,,50,official,,"]
    assert "".join(published_csv(hume)).splitlines()[1:] == ["hume,2024,voter-participation,,50,official,,"]


def test_formula_cells_are_neutralised_and_come_back_as_written(actors, columbus):
    text = HEADER + 'columbus,2024,voter-participation,,60,official,=HYPERLINK("http://x") | Title,+1 by hand\n'
    import_csv(csv_bytes(text), actor=None, publish=True, by_command_line=True)
    exported = "".join(published_csv())
    assert "'=HYPERLINK" in exported and ",'+1 by hand" in exported
    assert import_csv(exported.encode(), actor=None, by_command_line=True).unchanged == 1
    assert stored()[0][5:7] == ("+1 by hand", '=HYPERLINK("http://x")')


def test_the_template_has_a_row_per_point_and_breakdown_with_stored_values(actors, columbus):
    import_csv(csv_bytes(GOOD), actor=actors["city_coordinator"])
    lines = template_csv(columbus, 2024).lstrip("\ufeff").splitlines()
    from portal.monitoring import rules
    from portal.monitoring.data_entry import points_by_key
    assert len(lines) - 1 == sum(len(rules.breakdowns_of(point)) for point in points_by_key().values())
    assert "columbus,2024,adult-literacy-rate,sex=female,98,official,City statistics office," in lines
    assert "columbus,2024,adult-literacy-rate,sex=male,,official,," in lines
    # Sent back untouched, the template changes nothing.
    assert import_csv(template_csv(columbus, 2024).encode(), actor=actors["city_coordinator"]).unchanged == 4
