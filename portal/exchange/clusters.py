"""Thematic clusters: configured by the secretariat (name and description in each language,
the commitments that define its practices, open or closed to new members); member cities
join and leave; people of its cities (and the secretariat) start discussions in it."""
from flask_babel import gettext as _
from sqlalchemy import select

from models.base import LANGUAGES
from models.exchange import Cluster, ClusterMembership, Thread, ThreadKind
from portal import audit
from portal.domain_errors import Conflict, Invalid
from portal.exchange import discussions, rules
from portal.exchange.peer_requests import coordinators
from portal.extensions import db
from portal.i18n import localized
from portal.notifications.operations import notify
from portal.permissions import check
from portal.text import slugify


def save_cluster(cluster, data, commitments, *, actor):
    """Create (cluster=None) or update a cluster; `data` has name_<language> and
    description_<language> for each language (English required, the others fall back to it)
    and is_open."""
    check(actor, "cluster.manage")
    names = {f"name_{language}": (data.get(f"name_{language}") or "").strip() for language in LANGUAGES}
    descriptions = {f"description_{language}": (data.get(f"description_{language}") or "").strip()
                    for language in LANGUAGES}
    if not names["name_en"] or max(map(len, names.values())) > rules.MAX_CLUSTER_NAME_LENGTH:
        raise Invalid(_("Name the cluster in English, and in any other language you wish "
                        "(at most %(n)s characters each).", n=rules.MAX_CLUSTER_NAME_LENGTH))
    values = {**names, **descriptions}
    if max(map(len, descriptions.values())) > rules.MAX_CLUSTER_DESCRIPTION_LENGTH:
        raise Invalid(_("Describe the cluster in at most %(n)s characters in each language.",
                        n=rules.MAX_CLUSTER_DESCRIPTION_LENGTH))
    values["is_open"] = bool(data.get("is_open", True))
    if cluster is None:
        slug = slugify(values["name_en"], fallback="cluster")
        if db.session.scalar(select(Cluster.id).where(Cluster.slug == slug)):
            raise Conflict(_("A cluster with this name already exists."))
        cluster = Cluster(slug=slug)
        db.session.add(cluster)
        action, changes = "cluster.create", {}
    else:
        action, changes = "cluster.update", audit.changes_between(cluster, values)
    for key, value in values.items():
        setattr(cluster, key, value)
    cluster.commitments = list(commitments)
    db.session.flush()
    audit.record(cluster, action, actor, changes=changes)
    return cluster


def join(cluster, city, *, actor):
    check(actor, "cluster.join", city)
    if not city.is_member:
        raise Conflict(_("Clusters bring together member cities of the network."))
    if not cluster.is_open:
        raise Conflict(_("This cluster does not take new members at the moment."))
    if any(m.city_id == city.id for m in cluster.memberships):
        raise Conflict(_("%(city)s is already in this cluster.", city=localized(city, "name")))
    db.session.add(ClusterMembership(cluster=cluster, city=city))
    audit.record(cluster, "cluster.join", actor, changes={"city": (None, city.slug)})
    db.session.flush()


def leave(cluster, city, *, actor):
    check(actor, "cluster.join", city)
    membership = next((m for m in cluster.memberships if m.city_id == city.id), None)
    if membership is None:
        raise Conflict(_("%(city)s is not in this cluster.", city=localized(city, "name")))
    db.session.delete(membership)
    audit.record(cluster, "cluster.leave", actor, changes={"city": (city.slug, None)})
    db.session.flush()


def start_discussion(cluster, title, body, *, actor):
    check(actor, "cluster.discuss", cluster)
    thread = Thread(kind=ThreadKind.cluster, cluster=cluster, title=discussions.clean_title(title), author=actor)
    db.session.add(thread)
    post = discussions.add_post(thread, body, actor)
    audit.record(thread, "thread.start_discussion", actor)
    # The coordinators of the cluster's cities hear of it (in their "network activity" mail).
    people = [u for m in cluster.memberships for u in coordinators(m.city) if u.id != actor.id]
    notify(people, "cluster.discussion", {"user": actor.name, "title": thread, "cluster": cluster},
           endpoint="exchange.thread", thread_id=thread.id, _anchor=f"post-{post.id}")
    return thread
