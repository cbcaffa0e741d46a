"""Checking written data against a schema (a pydantic model), with the portal's own messages.

Each thing users write has one schema (`portal/practices/schema.py`,
`portal/membership/schema.py`, `portal/exchange/schema.py`). `problems_of` runs it and turns
every pydantic error into a `Problem`: the key of the field in the data ("title",
"translation.need", "commitments") and a human message through Flask-Babel. Pydantic's own
English text is never shown. A schema gives messages of its own per field (`messages`); the
rest are the general ones below, naming the field by its label. A rule that pydantic cannot
say by itself (a word count, a choice among rows of the database) raises `fail(message)` in a
validator, with the message already written.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from pydantic import AfterValidator, ValidationError
from pydantic_core import PydanticCustomError

OWN_MESSAGE = "portal_message"


@dataclass(frozen=True)
class Problem:
    field: str      # a key of the data ("title", "commitments", "translations.fr.need"…)
    message: str


def fail(message):
    """The error a validator raises for a rule with its own message (already translated)."""
    return PydanticCustomError(OWN_MESSAGE, "{message}", {"message": str(message)})


def _storable(value):
    if isinstance(value, str) and "\x00" in value:
        raise PydanticCustomError("nul_character", "a NUL character")
    return value


# Text that every database stores: PostgreSQL refuses a NUL character in a string.
Storable = AfterValidator(_storable)


def field_key(loc):
    """("a", "b") -> "a.b" (a field of a nested object); list positions are dropped, so a bad
    item of a list is a problem of the list ("commitments", 2) -> "commitments"."""
    return ".".join(str(part) for part in loc if not isinstance(part, int))


def problems_of(model, data, *, label, messages=None, context=None, key=field_key):
    """Every problem of `data` for `model`, in the order of the model's fields, each once.

    `label(key)` names a field in messages; `messages` maps a field key, or (key, error type),
    to a function of the pydantic error dict that returns the message for it (None: the
    general message of that error type). `key(loc)` makes a field key of pydantic's location
    (`field_key` unless a schema names the items of a list, as a practice its translations)."""
    try:
        model.model_validate(data, context=context or {})
    except ValidationError as error:
        found = []
        for item in error.errors(include_url=False):
            problem = Problem(key(item["loc"]), _message(item, label, messages or {}, key))
            if problem not in found:
                found.append(problem)
        return found
    return []


def _message(error, label, messages, key_of=field_key):
    key, kind = key_of(error["loc"]), error["type"]
    if kind == OWN_MESSAGE:
        return error["ctx"]["message"]
    own = messages[(key, kind)] if (key, kind) in messages else messages.get(key)
    if own is not None:
        return str(own(error))
    general = GENERAL.get(kind, GENERAL["*"])
    return general(str(label(key)), error)


def _length(error):
    return len(str(error["input"]).strip())


GENERAL = {
    "string_too_long": lambda field, e: _("%(field)s: at most %(max)s characters (now %(n)s).",
                                          field=field, max=e["ctx"]["max_length"], n=_length(e)),
    "missing": lambda field, e: _("%(field)s: this is needed.", field=field),
    "string_too_short": lambda field, e: _("%(field)s: this is needed.", field=field),
    "string_type": lambda field, e: _("%(field)s: must be text.", field=field),
    "int_type": lambda field, e: _("%(field)s: must be a whole number.", field=field),
    "int_from_float": lambda field, e: _("%(field)s: must be a whole number.", field=field),
    "float_type": lambda field, e: _("%(field)s: must be a number.", field=field),
    "decimal_type": lambda field, e: _("%(field)s: must be a number.", field=field),
    "date_type": lambda field, e: _("%(field)s: must be a date.", field=field),
    "bool_type": lambda field, e: _("%(field)s: must be true or false.", field=field),
    "list_type": lambda field, e: _("%(field)s: must be a list.", field=field),
    "dict_type": lambda field, e: _("%(field)s: must be an object.", field=field),
    "model_type": lambda field, e: _("%(field)s: must be an object.", field=field),
    "nul_character": lambda field, e: _("%(field)s: contains a NUL character, which cannot be stored.",
                                        field=field),
    "extra_forbidden": lambda field, e: _("%(field)s: unknown key.", field=field),
    "greater_than_equal": lambda field, e: _("%(field)s: at least %(min)s.", field=field, min=e["ctx"]["ge"]),
    "greater_than": lambda field, e: _("%(field)s: more than %(min)s.", field=field, min=e["ctx"]["gt"]),
    "less_than_equal": lambda field, e: _("%(field)s: at most %(max)s.", field=field, max=e["ctx"]["le"]),
    "less_than": lambda field, e: _("%(field)s: less than %(max)s.", field=field, max=e["ctx"]["lt"]),
    "*": lambda field, e: _("%(field)s: choose from the list.", field=field),
}
