"""The API, the feeds and the download are found: an "Open data" page linked from every
page's footer, with example links on the portal's own address, and feed autodiscovery on
the pages the feeds belong to."""
import json

from tests.test_security_links import BASE


def test_every_page_links_to_the_open_data_page(client):
    for path in ("/", "/commitments", "/cities"):
        assert 'href="/open-data"' in client.get(path).get_data(as_text=True)


def test_the_open_data_page_shows_the_api_the_feeds_and_the_licences(app_with, make_practice):
    app = app_with(BASE_URL=BASE)
    client = app.test_client()
    page = client.get("/open-data", headers={"Host": "localhost"}).get_data(as_text=True)
    assert f'href="{BASE}/api/v1/practices?q=library"' in page
    assert f'href="{BASE}/api/v1/openapi.json"' in page
    assert f'href="{BASE}/practices/feed.atom"' in page and f'href="{BASE}/commitments/12/feed.atom"' in page
    assert f'href="{BASE}/api/v1/practices/' in page          # an example practice
    assert "CC-BY-4.0" in page and "JSON Lines" in page
    assert "not available on this site yet" in page
    assert client.get("/open-data/practices.jsonl").status_code == 404


def test_the_download_is_written_by_a_command_and_served_whole(app, client, make_practice):
    make_practice(title="Reading circles on the river", summary="Families read together.")
    result = app.test_cli_runner().invoke(args=["open-data-export"])
    assert result.exit_code == 0, result.output
    response = client.get("/open-data/practices.jsonl")
    assert response.status_code == 200 and response.mimetype == "application/jsonl"
    lines = [json.loads(line) for line in response.get_data(as_text=True).splitlines()]
    assert "Reading circles on the river" in {line["title"] for line in lines}
    assert all(line["commitments"] for line in lines)
    page = client.get("/open-data").get_data(as_text=True)
    assert 'href="http' in page and "/open-data/practices.jsonl" in page and "not available" not in page


def test_feeds_are_announced_on_the_pages_they_belong_to(app_with):
    client = app_with(BASE_URL=BASE).test_client()
    announced = '<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}">'
    for path in ("/practices", "/search?q=library", "/"):
        page = client.get(path, headers={"Host": "localhost"}).get_data(as_text=True)
        assert announced.format(title="Newest practices", href=f"{BASE}/practices/feed.atom?lang=en") in page
    page = client.get("/commitments/3?lang=zh", headers={"Host": "localhost"}).get_data(as_text=True)
    assert f'href="{BASE}/commitments/3/feed.atom?lang=zh"' in page
    assert 'type="application/atom+xml"' in page


def test_the_count_of_practices_on_the_home_page_is_a_link(client, make_practice):
    make_practice()
    page = client.get("/").get_data(as_text=True)
    assert '<a href="/practices"><strong>' in page
