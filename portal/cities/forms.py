"""The filter form of the city directory (a GET form: shareable, no CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from portal.i18n import localized


class CityFilterForm(FlaskForm):
    class Meta:
        csrf = False

    region = SelectField(_l("UNESCO region"), validate_choice=True, default="")
    country = SelectField(_l("Member State"), validate_choice=True, default="")
    membership = SelectField(_l("Membership"), validate_choice=True, default="all", choices=[
        ("all", _l("All cities")),
        ("members", _l("Members of the network")),
        ("non-members", _l("Not (yet) members")),
    ])
    page = IntegerField(_l("Page"), default=1,
                        validators=[Optional(), NumberRange(min=1, max=100000)])

    def set_choices(self, regions, member_states):
        everywhere = ("", _l("All"))
        self.region.choices = [everywhere] + [(r.code, localized(r, "name")) for r in regions]
        states = sorted(member_states, key=lambda s: localized(s, "name"))
        self.country.choices = [everywhere] + [(s.iso, localized(s, "name")) for s in states]
