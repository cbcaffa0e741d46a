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
