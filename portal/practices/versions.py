"""Published versions: every publication keeps a snapshot of what readers saw, with the
HTML of its Markdown, so any earlier version can be read as it was (and shown without
rendering anything)."""
from markupsafe import Markup

from models.base import utcnow
from models.markdown import html_name
from models.practices import MARKDOWN_FIELDS, TRANSLATED_FIELDS, InLanguages, PracticeVersion
from portal.extensions import db
from portal.practices import content
from portal.search import documents, sync

TEXTS = ("title", "summary", *MARKDOWN_FIELDS)


def publish_version(practice, actor):
    """Keep what readers now see, and send it to the search index."""
    practice.last_published_at = utcnow()
    number = 1 + max((v.number for v in practice.versions), default=0)
    db.session.add(PracticeVersion(practice=practice, number=number,
                                   published_by_id=actor.id if actor else None,
                                   published_at=practice.last_published_at, snapshot=snapshot(practice)))
    sync.queue(documents.practice_id(practice))


def _texts(row, fields):
    return {**{field: getattr(row, field) for field in fields},
            "html": {field: getattr(row, html_name(field)) for field in MARKDOWN_FIELDS}}


def snapshot(practice):
    return {
        **_texts(practice, TEXTS),
        "language": practice.language, "kind": practice.kind.value, "city": practice.city.slug,
        "start_year": practice.start_year, "ongoing": practice.ongoing,
        "organisation": practice.organisation,
        "organisation_type": practice.organisation_type.value if practice.organisation_type else None,
        "target_groups": list(practice.target_groups or []), "url": practice.url,
        "licence": practice.licence, "source": practice.source,
        "commitments": [c.number for c in practice.commitments],
        "key_features": [kf.code for kf in practice.key_features],
        "translations": [{"language": t.language, **_texts(t, TRANSLATED_FIELDS)}
                         for t in content.ordered_translations(practice)],
    }


def version(practice, number):
    return next((v for v in practice.versions if v.number == number), None)


class _Texts:
    """Texts of a snapshot (or of one of its translations) read like a practice's."""

    def __init__(self, texts, language):
        self._texts, self.language = texts, language

    def __getattr__(self, field):
        if field.startswith("_"):
            raise AttributeError(field)
        return self._texts.get(field) or ""

    def html(self, field):
        return Markup(self._texts.get("html", {}).get(field) or "")


class VersionView(InLanguages, _Texts):
    """A published version, read as the practice was then, in the reader's language."""

    def __init__(self, version):
        snapshot = version.snapshot
        super().__init__(snapshot, snapshot["language"])
        self.number, self.published_at = version.number, version.published_at
        self.commitments = snapshot.get("commitments", [])
        self.key_features = snapshot.get("key_features", [])
        self.translations = [_Texts(t, t["language"]) for t in snapshot.get("translations", [])]
        self._translations = {t.language: t for t in self.translations}

    def translation(self, language):
        return self._translations.get(language)
