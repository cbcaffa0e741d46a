"""The filter form of the city directory (a GET form: shareable, no CSRF token)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField
from wtforms.validators import NumberRange, Optional

from portal.i18n import localized


class CityFilterForm(FlaskForm):
    class Meta:
        csrf = False

    region = SelectField(_l("UNESCO region"), validate_choice=True, default="")
    country = SelectField(_l("Member State"), validate_choice=True, default="")
    membership = SelectField(_l("Membership"), validate_choice=True, default="all", choices=[
        SelectChoice("all", _l("All cities")),
        SelectChoice("members", _l("Members of the network")),
        SelectChoice("non-members", _l("Not (yet) members")),
    ])
    year = SelectField(_l("Year joined"), validate_choice=True, default="")
    page = IntegerField(_l("Page"), default=1,
                        validators=[Optional(), NumberRange(min=1, max=100000)])

    def set_choices(self, regions, member_states, years=()):
        """Regions in UNESCO's order; Member States by name, grouped under their region."""
        self.region.choices = [SelectChoice("", _l("All regions"))] + [
            SelectChoice(r.code, localized(r, "name")) for r in regions]
        order = {r.id: r.position for r in regions}
        states = sorted(member_states, key=lambda s: (order[s.region_id], localized(s, "name")))
        self.country.choices = [SelectChoice("", _l("All Member States"))] + [
            SelectChoice(s.iso, localized(s, "name"), optgroup=localized(s.region, "name"))
            for s in states]
        self.year.choices = [SelectChoice("", _l("Any year"))] + [
            SelectChoice(str(y), str(y)) for y in years]
