"""Cover images: checked for what they really are (format and dimensions, read by Pillow
from the file's header, so a decompression bomb is refused before anything is decoded),
kept in the database (portal/uploads/), and served with caching only once the practice is public."""
import io
import warnings

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from portal.domain_errors import Invalid
from portal.practices import rules
from portal.practices.schema import FIELDS
from portal.uploads import save_upload, send_upload

EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def image_extension(content):
    """The file extension of a PNG, JPEG or WebP picture within the size limits; raises
    Invalid saying what is wrong otherwise."""
    if len(content) > rules.COVER_MAX_BYTES:
        raise Invalid(_("The image is larger than 2 MB."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=list(EXTENSIONS)) as image:
                width, height = image.size
                kind = image.format
                _check_dimensions(width, height)
                image.verify()   # the structure and checksums, without decoding the pixels
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning,
            OSError, SyntaxError, ValueError):
        raise Invalid(_("The cover image must be a PNG, JPEG or WebP picture.")) from None
    return EXTENSIONS[kind]


def _check_dimensions(width, height):
    if max(width, height) > rules.COVER_MAX_SIDE or width * height > rules.COVER_MAX_PIXELS:
        raise Invalid(_("The image is %(width)s × %(height)s pixels; a cover may have at most "
                        "%(side)s pixels on a side and %(megapixels)s megapixels.",
                        width=width, height=height, side=rules.COVER_MAX_SIDE,
                        megapixels=rules.COVER_MAX_PIXELS // 1_000_000))


def store(practice, cover):
    """Check and keep `cover` = (file name, bytes, description) as the practice's cover."""
    _filename, content, alt = cover
    extension = image_extension(content)
    alt = (alt or "").strip()
    if not alt:
        raise Invalid(_("Describe the image in a few words for people who cannot see it."))
    if len(alt) > FIELDS["cover_alt"].max_chars:
        raise Invalid(_("Describe the image in at most %(n)s characters.", n=FIELDS["cover_alt"].max_chars))
    practice.cover_image_path = save_upload("covers", extension, content)
    practice.cover_image_alt = alt


def send(practice):
    """The cover as a response: shared caches may keep a published practice's cover; a draft's
    is for the people who may see the draft, so nobody keeps a copy."""
    if practice.is_published:
        return send_upload(practice.cover_image_path, max_age=3600)
    response = send_upload(practice.cover_image_path, max_age=0)
    response.cache_control.public = False
    response.cache_control.private = True
    response.cache_control.no_store = True
    response.cache_control.max_age = None
    return response
