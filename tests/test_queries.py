"""List pages run a fixed number of queries, however many rows they show (no N+1)."""
import pytest


@pytest.mark.parametrize("url", ["/", "/cities", "/member-states", "/key-features",
                                 "/commitments", "/commitments/5", "/cities/hume",
                                 "/member-states/FR", "/search?q=practice", "/practices",
                                 "/api/v1/practices?q=practice", "/practices/feed.atom"])
def test_query_count_does_not_grow_with_rows(client, count_queries, make_city, make_practice, url):
    make_city(country="FR", slug="extra-first", name="Extra first")
    make_practice(city="hume", commitments=(5,))
    client.get(url)  # warm up
    with count_queries() as before:
        assert client.get(url).status_code == 200
    for n in range(6):
        make_city(country="FR", slug=f"extra-{n}", name=f"Extra {n}")
        make_practice(city="hume", commitments=(5, 1))
    with count_queries() as after:
        assert client.get(url).status_code == 200
    assert len(after) == len(before), url
