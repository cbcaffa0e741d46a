"""Atom feeds of newly published practices (RFC 4287), built with the standard library."""
import xml.etree.ElementTree as ET

from flask import current_app
from flask_babel import gettext as _

from portal.i18n import current_language, localized
from portal.urls import absolute_url_for

ATOM = "http://www.w3.org/2005/Atom"


def _iso(moment):
    return moment.isoformat().replace("+00:00", "Z") if moment.tzinfo else moment.isoformat() + "Z"


def by_whom(practice):
    """Who a practice is by, for readers: its organisation, else its city (never a person)."""
    return practice.organisation or localized(practice.city, "name")


def atom(practices, *, title, self_url):
    ET.register_namespace("", ATOM)
    language = current_language()
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": language})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = self_url
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate",
                  href=absolute_url_for("search.practices"))
    updated = max((p.last_published_at or p.published_at for p in practices), default=None)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _iso(updated) if updated else "1970-01-01T00:00:00Z"
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = _("Learning Cities Network")
    for practice in practices:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry", {"xml:lang": practice.shown_language(language)})
        link = absolute_url_for("practices.practice", slug=practice.slug)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = practice.text_in(language, "title")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = link
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=link)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _iso(practice.published_at)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _iso(practice.last_published_at or practice.published_at)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = practice.text_in(language, "summary")
        entry_author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(entry_author, f"{{{ATOM}}}name").text = by_whom(practice)
        for commitment in practice.commitments:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=str(commitment.number),
                          label=commitment.localized("title", language))
    body = ET.tostring(feed, encoding="unicode", xml_declaration=False)
    return current_app.response_class('<?xml version="1.0" encoding="utf-8"?>\n' + body,
                                      mimetype="application/atom+xml")
