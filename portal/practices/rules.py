"""The limits a practice must respect, for the forms, the operations, the import and the API."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from models.base import LANGUAGES
from models.practices import LICENCES, TARGET_GROUPS, OrganisationType, PracticeStatus
from portal.i18n import lazy_language_name

COVER_MAX_BYTES = 2 * 1024 * 1024
COVER_MAX_SIDE = 8000                  # pixels on the longer side
COVER_MAX_PIXELS = 40_000_000          # 40 megapixels

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
LANGUAGE_LABELS = {code: lazy_language_name(code) for code in LANGUAGES}


STATUS_LABELS = {
    PracticeStatus.draft: _l("Draft"),
    PracticeStatus.submitted: _l("Waiting to be published"),
    PracticeStatus.returned: _l("Returned with comments"),
    PracticeStatus.published: lazy_pgettext("practice status", "Published"),
    PracticeStatus.unpublished: _l("Unpublished"),
}
# Headings of the sections on the practice page (the form's labels ask for them).
SECTION_HEADINGS = {
    "need": _l("The need"),
    "activities": _l("What was done"),
    "partners": _l("Partners"),
    "results": _l("Results and evidence of change"),
    "lessons": _l("Lessons and transfer"),
    "body": _l("The full story"),
}

PART_LABELS = {"title": _l("Title"), "summary": _l("Summary"), **SECTION_HEADINGS}


def part_list(fields):
    """The parts of a practice, named in a list as the reader's language writes lists."""
    from portal.i18n import list_of
    return list_of(PART_LABELS[field] for field in fields)

