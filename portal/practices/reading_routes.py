"""Reading pages beside the practice: its earlier published versions, and the guide for
people writing a practice case."""
from flask import abort, render_template

from portal.framework import queries as framework
from portal.i18n import current_language
from portal.practices import versions
from portal.practices.blueprint import bp, practice_or_404, reading_language


@bp.get("/practices/<slug>/versions")
def versions_list(slug):
    practice = practice_or_404(slug)
    return render_template("practices/versions.html", practice=practice,
                           versions=list(reversed(practice.versions)), language=current_language())


@bp.get("/practices/<slug>/versions/<int:number>")
def version(slug, number):
    practice = practice_or_404(slug)
    found = versions.version(practice, number) or abort(404)
    shown = versions.VersionView(found)
    commitments = {c.number: c for c in framework.all_commitments()}
    return render_template("practices/version.html", practice=practice, version=shown,
                           latest=number == practice.versions[-1].number, language=reading_language(shown),
                           commitments=[commitments[n] for n in shown.commitments if n in commitments])


@bp.get("/practices/guide")
def guide():
    return render_template("practices/guide.html", language=current_language())
