"""Fields and validators that several areas' forms use."""
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.text import count_words


class MaxWords:
    """At most `limit` words, counted as the portal counts them (a CJK character is a word)."""

    def __init__(self, limit):
        self.limit = limit

    def __call__(self, form, field):
        words = count_words(field.data)
        if words > self.limit:
            raise ValidationError(_l("%(n)s words: the limit is %(max)s.") % {"n": words, "max": self.limit})


class FileSize:
    """An uploaded file of at most `max_bytes` (measured as sent, see portal/uploads.py). The
    error stands on the file field and the rest of the form comes back as it was typed."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes

    def __call__(self, form, field):
        from portal.uploads import received_size
        if not (field.data and getattr(field.data, "filename", None)):
            return
        size = received_size(field.data)
        if size > self.max_bytes:
            raise ValidationError(_l(
                "The file is %(size)s MB; the limit is %(max)s MB. Your other answers are kept: "
                "choose a smaller file and send the form again.")
                % {"size": format_decimal(round(size / 1048576, 1)),
                   "max": format_decimal(round(self.max_bytes / 1048576, 1))})


class CheckboxListField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (usable without JavaScript)."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProblemsOnFields:
    """A form mixin: show an operation's problems (`InvalidFields.problems`) each on its field,
    so the person sees every message where they typed, with what they typed kept. A problem's
    key "translations.fr.need" is the field `translations_fr_need`; one with no field goes above
    the form."""

    def show_problems(self, problems):
        for problem in problems:
            field = self._fields.get(problem.field.replace(".", "_"))
            if field is not None and field.name != "csrf_token":
                field.errors = [*field.errors, problem.message]
            else:
                self.form_errors.append(problem.message)
        self._errors = None   # WTForms caches `errors`; the summary must see these too

    def show_error(self, error):
        """A DomainError from an operation: its problems on their fields, or its message."""
        if getattr(error, "problems", None):
            self.show_problems(error.problems)
        else:
            self.form_errors.append(error.message)
