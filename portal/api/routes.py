"""The open-data JSON API, version 1 (documented by /api/v1/openapi.json). It calls the same
search and queries as the HTML pages; errors are JSON with a reason (portal/errors.py)."""
from flask import abort, jsonify, request

from models.practices import TRANSLATED_FIELDS
from portal.api.blueprint import bp
from portal.api.openapi import openapi_document
from portal.domain_errors import Invalid
from portal.exchange import queries as exchange
from portal.permissions import can, user_or_none
from portal.practices import content
from portal.practices import queries as practices
from portal.search import queries as search
from portal.urls import absolute_url_for

API_FACETS = ("commitment", "key_feature", "country", "region", "language")


def practice_summary(practice):
    data = {
        "slug": practice.slug, "title": practice.title, "summary": practice.summary,
        "city": practice.city.name_en, "country": practice.city.member_state.iso,
        "commitments": [c.number for c in practice.commitments], "language": practice.language,
        "kind": practice.kind.value,
        "url": absolute_url_for("practices.practice", slug=practice.slug),
        "published_at": practice.published_at.isoformat() if practice.published_at else None,
    }
    if practice.external_id:
        data["external_id"] = practice.external_id
    return data


def practice_detail(practice):
    data = practice_summary(practice)
    data.update({
        "need": practice.need, "activities": practice.activities, "partners": practice.partners,
        "results": practice.results, "lessons": practice.lessons, "body": practice.body,
        "organisation": practice.organisation,
        "organisation_type": practice.organisation_type.value if practice.organisation_type else None,
        "year": practice.start_year, "ongoing": practice.ongoing,
        "target_groups": list(practice.target_groups or []),
        "key_features": [kf.code for kf in practice.key_features],
        "region": practice.city.member_state.region.code, "licence": practice.licence,
        "more_information": practice.url,
        "last_changed_at": practice.last_published_at.isoformat() if practice.last_published_at else None,
        "source": practice.source,
        "translations": [{"language": t.language, **{field: getattr(t, field) for field in TRANSLATED_FIELDS}}
                         for t in content.ordered_translations(practice)],
    })
    return data


@bp.get("/practices")
def practices_list():
    """Search published practices: q, commitment, key_feature, country, region, language, page."""
    unknown = set(request.args) - {"q", "page", "sort", *API_FACETS}
    if unknown:
        raise Invalid(f"Unknown parameter(s): {', '.join(sorted(unknown))}.")
    params = search.parse(request.args, facets=API_FACETS)
    page = search.run(params, with_snippets=False, per_page=20)
    return jsonify({
        "results": [practice_summary(p) for p in page.practices],
        "total": page.total, "page": params.page, "per_page": page.per_page, "pages": page.pages,
        "facets": page.facets, "partial": page.partial, "missing_words": page.missing,
    })


@bp.get("/practices/<slug>")
def practice(slug):
    found = practices.practice_by_slug(slug)
    if found is None or not found.is_published:
        abort(404)
    return jsonify(practice_detail(found))


@bp.get("/threads/<int:thread_id>")
def thread(thread_id):
    """A discussion with its posts. A private thread does not exist for those outside it."""
    found = exchange.thread(thread_id)
    user = user_or_none()
    if found is None or not can(user, "thread.view", found):
        abort(404)
    return jsonify({
        "id": found.id, "kind": found.kind.value, "title": found.title,
        "practice": found.practice.slug if found.practice else None,
        "cluster": found.cluster.slug if found.cluster else None,
        "posts": [{"id": post.id, "author": post.author.name, "created_at": post.created_at.isoformat(),
                   "body": post.body if can(user, "post.read", post) else None,
                   "is_answer": post.is_answer, "hidden": post.is_hidden} for post in found.posts],
    })


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
