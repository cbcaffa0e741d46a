"""The thematic clusters the network starts with (data/clusters.yaml). Clusters are then the
secretariat's to edit, so loading only creates those that are missing."""
from sqlalchemy import select

from models.exchange import Cluster
from models.framework import Commitment
from portal.extensions import db

CLUSTERS_FILE = "clusters.yaml"


def load_clusters(reader, report):
    commitments = {c.number: c for c in db.session.scalars(select(Commitment))}
    existing = set(db.session.scalars(select(Cluster.slug)))
    for where, item in reader.items(reader.content, "clusters", ""):
        slug = reader.text(item, "slug", where, max_length=80)
        numbers = item.get("commitments") or []
        if not isinstance(numbers, list) or any(n not in commitments for n in numbers):
            reader.fail(f"{where}.commitments", "expected a list of commitment numbers (1 to 12)")
        values = {**reader.bilingual(item, "name", where, max_length=160),
                  **reader.bilingual(item, "description", where)}
        if slug in existing:
            report.add("clusters", "unchanged")
            continue
        db.session.add(Cluster(slug=slug, commitments=[commitments[n] for n in numbers], **values))
        report.add("clusters", "created")
