"""The home page and the page about the network."""
from flask import render_template

from portal.cities import queries as cities
from portal.framework import queries as framework
from portal.home.blueprint import bp
from portal.practices import queries as practices


@bp.get("/")
def index():
    return render_template(
        "home/index.html",
        declaration=framework.declaration(),
        counts={**cities.network_counts(), "published_practices": practices.published_count()},
        latest_practices=practices.latest_published(limit=5),
        newest_members=cities.newest_members(limit=5),
    )


@bp.get("/about")
def about():
    return render_template("home/about.html", declaration=framework.declaration())
