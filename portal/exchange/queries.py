"""Reading discussions: a fixed number of queries whatever the number of threads and posts."""
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from models.cities import City
from models.exchange import Adoption, Cluster, ClusterMembership, PeerRequest, Post, RequestState, Thread, ThreadKind
from models.framework import Commitment
from models.practices import Practice, PracticeStatus
from portal.extensions import db


def _with_posts(query):
    return query.options(selectinload(Thread.posts).selectinload(Post.author),
                         selectinload(Thread.posts).selectinload(Post.reports),
                         selectinload(Thread.author), selectinload(Thread.participants))


def questions_on(practice):
    return db.session.scalars(_with_posts(
        select(Thread).where(Thread.kind == ThreadKind.question, Thread.practice_id == practice.id)
        .order_by(Thread.last_post_at.desc()))).all()


def thread(thread_id):
    return db.session.scalar(_with_posts(select(Thread).where(Thread.id == thread_id)))


def post(post_id):
    return db.session.get(Post, post_id)


def request_topic(practice_id, commitment_id):
    """What a peer-learning request is about, from the ids its form chose: {practice, commitment}."""
    return {"practice": db.session.get(Practice, practice_id) if practice_id else None,
            "commitment": db.session.get(Commitment, commitment_id) if commitment_id else None}


def peer_request(request_id):
    return db.session.scalar(select(PeerRequest).where(PeerRequest.id == request_id).options(
        selectinload(PeerRequest.from_city), selectinload(PeerRequest.to_city),
        selectinload(PeerRequest.practice), selectinload(PeerRequest.commitment),
        selectinload(PeerRequest.thread).selectinload(Thread.participants)))


def requests_of(city_ids):
    """The requests made or received by these cities, newest first."""
    if not city_ids:
        return []
    return db.session.scalars(select(PeerRequest).where(
        or_(PeerRequest.from_city_id.in_(city_ids), PeerRequest.to_city_id.in_(city_ids)))
        .options(selectinload(PeerRequest.from_city), selectinload(PeerRequest.to_city),
                 selectinload(PeerRequest.practice), selectinload(PeerRequest.commitment))
        .order_by(PeerRequest.created_at.desc(), PeerRequest.id.desc())).all()


def current_exchanges(city_ids):
    """(requests these cities are to answer, exchanges under way) for a coordinator's start page."""
    requests = [r for r in requests_of(city_ids)
                if r.state in (RequestState.proposed, RequestState.counter_proposed, RequestState.accepted)]
    to_answer = [r for r in requests if r.state is not RequestState.accepted and r.awaiting_city_id in city_ids]
    return to_answer, [r for r in requests if r.state is RequestState.accepted]


def public_outcomes(city_id=None, practice_id=None):
    query = select(PeerRequest).where(PeerRequest.outcome_public.is_(True),
                                      PeerRequest.state == RequestState.closed)
    if city_id is not None:
        query = query.where(or_(PeerRequest.from_city_id == city_id, PeerRequest.to_city_id == city_id))
    if practice_id is not None:
        query = query.where(PeerRequest.practice_id == practice_id)
    return db.session.scalars(query.options(selectinload(PeerRequest.from_city), selectinload(PeerRequest.to_city),
                                            selectinload(PeerRequest.practice))
                              .order_by(PeerRequest.closed_at.desc())).all()


def _adoptions():
    return select(Adoption).options(
        selectinload(Adoption.city).selectinload(City.member_state),
        selectinload(Adoption.practice).selectinload(Practice.city).selectinload(City.member_state),
        selectinload(Adoption.practice).selectinload(Practice.translations))


def adoptions_of(practice):
    return db.session.scalars(_adoptions().where(Adoption.practice_id == practice.id)
                              .order_by(Adoption.recorded_at)).all()


def adoptions_by(city):
    """What the city took up from others."""
    return db.session.scalars(_adoptions().where(Adoption.city_id == city.id)
                              .order_by(Adoption.recorded_at.desc())).all()


def adoptions_from(city):
    """The city's practices that others took up."""
    return db.session.scalars(_adoptions().join(Adoption.practice).where(Practice.city_id == city.id)
                              .order_by(Adoption.recorded_at.desc())).all()


def transfers():
    """Every adoption of a published practice, for the network's transfer graph."""
    return db.session.scalars(_adoptions().join(Adoption.practice)
                              .where(Practice.status == PracticeStatus.published)
                              .order_by(Adoption.recorded_at)).all()


def _cluster_query():
    return select(Cluster).options(selectinload(Cluster.commitments),
                                   selectinload(Cluster.memberships).selectinload(ClusterMembership.city))


def clusters():
    return db.session.scalars(_cluster_query().order_by(Cluster.name_en)).all()


def cluster_by_slug(slug):
    return db.session.scalar(_cluster_query().where(Cluster.slug == slug))


def clusters_of(city):
    return db.session.scalars(select(Cluster).join(ClusterMembership)
                              .where(ClusterMembership.city_id == city.id).order_by(Cluster.name_en)).all()


def cluster_practices(cluster, limit=50):
    """Published practices of the cluster's cities on the cluster's commitments."""
    city_ids = [m.city_id for m in cluster.memberships]
    if not city_ids:
        return []
    query = select(Practice).where(Practice.status == PracticeStatus.published, Practice.city_id.in_(city_ids))
    if cluster.commitments:
        query = query.where(Practice.commitments.any(Commitment.id.in_([c.id for c in cluster.commitments])))
    return db.session.scalars(query.options(selectinload(Practice.city), selectinload(Practice.translations))
                              .order_by(Practice.published_at.desc()).limit(limit)).all()


def cluster_threads(cluster):
    return db.session.scalars(select(Thread).where(Thread.cluster_id == cluster.id)
                              .options(selectinload(Thread.posts), selectinload(Thread.author))
                              .order_by(Thread.last_post_at.desc())).all()
