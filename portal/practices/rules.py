"""The limits a practice must respect, for the forms, the operations, the import and the API."""
from flask_babel import lazy_gettext as _l

from models.practices import LICENCES, TARGET_GROUPS, OrganisationType, PracticeStatus
from portal.i18n import lazy_language_name

MAX_SUMMARY_WORDS = 80
COVER_MAX_BYTES = 2 * 1024 * 1024
COVER_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg", b"RIFF": "webp"}

ORGANISATION_TYPE_LABELS = {
    OrganisationType.public_library: _l("Public library"),
    OrganisationType.school: _l("School"),
    OrganisationType.university: _l("University"),
    OrganisationType.museum: _l("Museum"),
    OrganisationType.community_learning_centre: _l("Community learning centre"),
    OrganisationType.ngo: _l("Non-governmental organisation"),
    OrganisationType.municipality: _l("Municipality"),
    OrganisationType.business: _l("Business"),
    OrganisationType.other: _l("Other"),
}

TARGET_GROUP_LABELS = {
    "children": _l("Children"), "young_people": _l("Young people"), "adults": _l("Adults"),
    "older_people": _l("Older people"), "families": _l("Families"), "migrants": _l("Migrants"),
    "people_with_disabilities": _l("People with disabilities"), "women": _l("Women"),
    "unemployed": _l("Unemployed people"), "low_literacy": _l("People with low literacy"),
    "all": _l("Everyone"),
}
assert set(TARGET_GROUP_LABELS) == set(TARGET_GROUPS)

LICENCE_LABELS = {
    "CC-BY-4.0": _l("Creative Commons Attribution 4.0 (CC BY 4.0)"),
    "CC-BY-SA-4.0": _l("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)"),
    "CC-BY-NC-4.0": _l("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)"),
    "all-rights-reserved": _l("All rights reserved"),
}
assert set(LICENCE_LABELS) == set(LICENCES)

KIND_LABELS = {"practice": _l("Practice"), "case_study": _l("Case study")}
LANGUAGE_LABELS = {code: lazy_language_name(code) for code in ("en", "zh")}


def image_type(data):
    for magic, extension in COVER_TYPES.items():
        if data.startswith(magic) and (extension != "webp" or data[8:12] == b"WEBP"):
            return extension
    return None

STATUS_LABELS = {
    PracticeStatus.draft: _l("Draft"),
    PracticeStatus.submitted: _l("Waiting to be published"),
    PracticeStatus.returned: _l("Returned with comments"),
    PracticeStatus.published: _l("Published"),
    PracticeStatus.unpublished: _l("Unpublished"),
}
ACTION_LABELS = {
    "submit": _l("Submit for publication"),
    "publish": _l("Publish"),
    "return": _l("Return to the author with comments"),
    "unpublish": _l("Unpublish"),
    "delete": _l("Delete"),
}
# What the person is told after each action (%(title)s is the practice's title).
ACTION_DONE = {
    "submit": _l("Your practice “%(title)s” is submitted for review; you will be told when it "
                 "is published or returned."),
    "publish": _l("“%(title)s” is published."),
    "return": _l("“%(title)s” is returned to its author with your comments."),
    "unpublish": _l("“%(title)s” is no longer published."),
    "delete": _l("“%(title)s” is deleted."),
}
# Actions that cannot be undone: what will happen, asked first (portal/confirmation.py).
ACTION_CONFIRMATIONS = {
    "delete": _l("“%(title)s” will be deleted, with its published versions, its questions and "
                 "its answers. It cannot be undone."),
}
EVENT_LABELS = {
    "practice.created": _l("Started"),
    "practice.updated": _l("Changed"),
    "practice.submitted": _l("Submitted for publication"),
    "practice.published": _l("Published"),
    "practice.returned": _l("Returned with comments"),
    "practice.unpublished": _l("Unpublished"),
    "practice.imported": _l("Imported"),
}
