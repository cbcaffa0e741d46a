"""The forms of reporting: they render and parse; the rules are in report_schema.py and
assessment_schema.py (checked by the operations, whose problems come back on the fields)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from models.reference_numbers import COMMITMENT_NUMBERS
from portal.form_fields import CheckboxListField, ProblemsOnFields
from portal.monitoring import report_schema


class CycleForm(ProblemsOnFields, FlaskForm):
    title = StringField(report_schema.LABELS["title"], validators=[InputRequired()])
    period_start = IntegerField(report_schema.LABELS["period_start"], validators=[InputRequired()])
    period_end = IntegerField(report_schema.LABELS["period_end"], validators=[InputRequired()])
    deadline = DateField(report_schema.LABELS["deadline"], validators=[InputRequired()])


class ReportForm(ProblemsOnFields, FlaskForm):
    achievements = TextAreaField(report_schema.LABELS["achievements"], render_kw={"rows": 6})
    challenges = TextAreaField(report_schema.LABELS["challenges"], render_kw={"rows": 6})
    plans = TextAreaField(report_schema.LABELS["plans"], render_kw={"rows": 6})
    practice_ids = CheckboxListField(report_schema.LABELS["practice_ids"], coerce=int,
                                     validators=[Optional()], validate_choice=False)

    def narrative_fields(self):
        return [(number, self[f"narratives_{number}"]) for number in COMMITMENT_NUMBERS]

    def fill(self, report):
        for number, text in ((n.commitment_number, n.text) for n in report.narratives):
            self[f"narratives_{number}"].data = text
        for name in report_schema.TEXTS:
            self[name].data = getattr(report, name)
        self.practice_ids.data = [p.id for p in report.practices]

    def data_for_operation(self):
        return {"narratives": {number: field.data or "" for number, field in self.narrative_fields()},
                **{name: self[name].data or "" for name in report_schema.TEXTS},
                "practice_ids": list(self.practice_ids.data or [])}


for _number in COMMITMENT_NUMBERS:
    setattr(ReportForm, f"narratives_{_number}",
            TextAreaField(_l("Narrative on commitment %(number)s", number=_number), render_kw={"rows": 6}))


class TransitionForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Optional()])


class SelfAssessmentForm(FlaskForm):
    """Only the CSRF token: the 38 key features' fields are read by assessment_routes."""
