"""Demo peer exchange: member cities in the thematic clusters, and practices that one city took
up from another, so that the clusters and the transfer graph of a demo site are not empty.
Recorded through the real operations, by each city's coordinator (a demo account)."""
from sqlalchemy import select

from models.cities import City
from models.exchange import Adoption, Cluster
from models.practices import Practice
from portal.exchange import adoptions, clusters
from portal.exchange.peer_requests import coordinators
from portal.extensions import db
from portal.reference.demo_membership import demo_coordinator

# cluster slug → member cities that take part in it.
CLUSTER_MEMBERS = {
    "equity-inclusion": ["hume", "amman", "mexico-city"],
    "literacy": ["ibadan", "melton", "mexico-city"],
    "sustainable-development": ["medellin", "cork", "larissa"],
    "health-wellbeing": ["espoo", "larissa"],
    "entrepreneurship": ["cork", "medellin"],
    "monitoring-evaluation": ["beijing", "hume"],
}

# (city that took the practice up, the practice's external_id, adopted or adapted, year,
#  what it changed, what happened). Invented for the demo.
ADOPTIONS = [
    ("hume", "demo-practice-01", "adapted", 2024,
     "Ran the drop-ins in three branch libraries, with volunteer tutors who speak the languages "
     "of the suburb's largest migrant communities.",
     "About 400 older residents came in the first year; half of them signed up for a second course."),
    ("espoo", "demo-practice-12", "adapted", 2025,
     "Opened the circles to mothers of young children and added a creche run by trainee nursery teachers.",
     "Eight circles meet every week; several members went on to vocational Finnish courses."),
    ("melton", "demo-practice-10", "adopted", 2023,
     "Nothing in the format; the clubs meet in the library's outreach van on Saturdays.",
     "Children who had left school early read with a mentor every week; two clubs are now run by parents."),
    ("ibadan", "demo-practice-05", "adapted", 2024,
     "Evenings held in Yoruba and English, with storytelling by grandparents as the opening activity.",
     "Twelve primary schools run the evenings each term; teachers report more reading at home."),
    ("medellin", "demo-practice-03", "adapted", 2023,
     "The festival moved from squares to the stations of the cable car, one neighbourhood a day.",
     "Some 15 000 visitors over a week; local organisations enrolled new learners at their stands."),
]


def load_demo_exchange(report):
    """Cluster memberships and adoptions; creates what is missing (idempotent). What the site's
    own people changed since (a closed cluster, an unpublished practice) is left as it is."""
    cities = {c.slug: c for c in db.session.scalars(select(City))}
    for slug, city_slugs in CLUSTER_MEMBERS.items():
        cluster = db.session.scalar(select(Cluster).where(Cluster.slug == slug))
        if cluster is None:
            report.notes.append(f"cluster {slug} not found: its demo members were not added")
            continue
        for city in (cities[s] for s in city_slugs):
            if any(m.city_id == city.id for m in cluster.memberships):
                report.add("cluster memberships", "unchanged")
            elif not (cluster.is_open and city.is_member):
                report.notes.append(f"{city.slug} not added to {slug}: the cluster is closed or the city not a member")
            else:
                clusters.join(cluster, city, actor=_coordinator_of(city))
                report.add("cluster memberships", "created")
    for city_slug, external_id, kind, year, changes, results in ADOPTIONS:
        city = cities[city_slug]
        practice = db.session.scalar(select(Practice).where(Practice.external_id == external_id))
        if practice is None or not practice.is_published or not city.is_member:
            report.notes.append(f"adoption of {external_id} by {city_slug} not recorded: "
                                "the practice is missing or unpublished, or the city not a member")
        elif db.session.scalar(select(Adoption.id).where(Adoption.city_id == city.id,
                                                         Adoption.practice_id == practice.id)):
            report.add("adoptions", "unchanged")
        else:
            adoptions.record_adoption(practice, city, {"kind": kind, "year": year, "changes": changes,
                                                       "results": results}, actor=_coordinator_of(city))
            report.add("adoptions", "created")


def _coordinator_of(city):
    existing = coordinators(city)
    return existing[0] if existing else demo_coordinator(city)
