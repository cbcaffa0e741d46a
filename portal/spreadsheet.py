"""CSV cells that a spreadsheet opens safely: every CSV the portal writes (the applications
export, the indicators' export and template) neutralises formula cells here, and the
indicators' import undoes it, so a file exported and imported again is unchanged."""

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that cannot run as a formula (OWASP's advice: a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(text):
    """The text of a cell `neutralise` wrote ("'=1+1" -> "=1+1"); any other text as it is."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
