"""The form of a city's CSV upload: the file, and on the way back from warnings the same
content (kept in a hidden field, base64) with the person's confirmation."""
import base64
import binascii

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField

from portal.domain_errors import Invalid
from portal.form_fields import FileSize, ProblemsOnFields
from portal.uploads import uploaded

# A city's year is a few hundred rows (~50 KB); the limit stays well under what a form may
# post back in its hidden field (Flask's MAX_FORM_MEMORY_SIZE, 500 000 bytes).
UPLOAD_MAX_BYTES = 256 * 1024


class CsvUploadForm(ProblemsOnFields, FlaskForm):
    file = FileField(_l("CSV file (UTF-8, at most 256 KB)"), validators=[FileSize(UPLOAD_MAX_BYTES)])
    content = HiddenField()
    confirm = BooleanField(_l("I checked these values: save them as they are."))

    def file_content(self):
        """The bytes to import: the chosen file, or the content kept for confirmation."""
        chosen = uploaded(self.file.data)
        if chosen is not None:
            name, content = chosen
            if not name.lower().endswith(".csv"):
                raise Invalid(_("Choose a CSV file (a name ending in .csv), saved as \"CSV UTF-8\"."))
            return content
        if self.content.data:
            try:
                return base64.b64decode(self.content.data, validate=True)
            except (binascii.Error, ValueError):
                raise Invalid(_("Choose the file again.")) from None
        raise Invalid(_("Choose a CSV file to upload."))

    def keep(self, content):
        """Keep `content` for the confirmation (a new file chosen then replaces it)."""
        self.content.data = base64.b64encode(content).decode("ascii")
        self.confirm.data = False
