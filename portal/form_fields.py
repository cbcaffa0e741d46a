"""Fields and validators that several areas' forms use."""
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


class CheckboxListField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes (usable without JavaScript)."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
