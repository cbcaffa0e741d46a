"""The open-data API and the Atom feeds."""
import xml.etree.ElementTree as ET

import pytest

ATOM = "{http://www.w3.org/2005/Atom}"


def test_list_has_results_total_and_facets(client):
    from tests.test_search import total
    data = client.get("/api/v1/practices?q=library").json
    assert data["total"] == total(client.get("/search?q=library")) == 10   # the site's search finds the same
    assert len(data["results"]) == data["total"] and data["per_page"] == 20 and data["pages"] == 1
    everything = client.get("/api/v1/practices").json
    assert len(everything["results"]) == everything["total"] == 14   # all published demo practices: one page
    first = data["results"][0]
    for key in ("slug", "title", "summary", "city", "country", "commitments", "language"):
        assert key in first
    assert set(data["facets"]) >= {"commitment", "country", "region", "language"}


def test_filters_by_commitment_country_region_and_language(client):
    for query, check in (("commitment=5", lambda r: 5 in r["commitments"]),
                         ("country=au", lambda r: r["country"] == "AU"),
                         ("language=zh", lambda r: r["language"] == "zh")):
        results = client.get(f"/api/v1/practices?{query}").json["results"]
        assert results and all(check(r) for r in results), query
    europe = client.get("/api/v1/practices?region=europe-north-america").json
    assert europe["total"] == europe["facets"]["region"]["europe-north-america"]


def test_imported_practices_carry_their_external_id(client):
    results = client.get("/api/v1/practices?q=Hume").json["results"]
    assert results[0]["external_id"] == "case-hume-global-learning-village"


def test_one_practice_in_full(client):
    slug = client.get("/api/v1/practices?q=Hume").json["results"][0]["slug"]
    data = client.get(f"/api/v1/practices/{slug}").json
    assert data["kind"] == "case_study"
    assert sorted(t["language"] for t in data["translations"]) == ["ar", "es", "fr", "ru", "zh"]
    assert data["body"].startswith("## Overview\n\nThe Hume Global Learning Village") and data["licence"] == "CC-BY-4.0"


@pytest.mark.parametrize("query,reason", [
    ("commitment=0", "A commitment is a number from 1 to 12."),
    ("country=ZZ", "Unknown country"), ("page=x", "whole number"),
    ("colour=red", "Unknown parameter"), ('q="open', "quotation mark"),
])
def test_errors_are_json_with_a_reason(client, query, reason):
    response = client.get(f"/api/v1/practices?{query}", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert reason in response.json["error"]["reason"]


def test_an_unknown_language_is_answered_with_the_codes_of_the_portals_languages(app, client):
    response = client.get("/api/v1/practices?language=xx", headers={"Accept-Language": "en"})
    assert response.status_code == 400
    reason = response.json["error"]["reason"]
    assert reason.startswith("The language is one of these codes:")
    assert all(code in reason for code in app.config["LANGUAGES"])


def test_unknown_or_unpublished_practice_is_a_json_404(client, make_practice):
    assert client.get("/api/v1/practices/nothing-here").json["error"]["status"] == 404
    draft = make_practice(title="Draft only", published=False)
    assert client.get(f"/api/v1/practices/{draft}").status_code == 404


def test_the_openapi_document_describes_the_endpoints(client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    assert {"/practices", "/practices/{slug}"} <= set(document["paths"])
    names = {p["name"] for p in document["paths"]["/practices"]["get"]["parameters"]}
    assert names >= {"q", "commitment", "country", "region", "language", "page"}
    assert "PracticeSummary" in document["components"]["schemas"]


def test_atom_feeds_overall_and_per_commitment(client, make_practice):
    make_practice(title="Fresh in the feed", commitments=(12,))
    feed = ET.fromstring(client.get("/practices/feed.atom").data)
    titles = [e.find(f"{ATOM}title").text for e in feed.findall(f"{ATOM}entry")]
    assert titles[0] == "Fresh in the feed"
    twelve = ET.fromstring(client.get("/commitments/12/feed.atom").data)
    entries = twelve.findall(f"{ATOM}entry")
    assert entries and all(any(c.get("term") == "12" for c in e.findall(f"{ATOM}category")) for e in entries)
    assert client.get("/commitments/13/feed.atom").status_code == 404
