"""What a peer-learning request and a thread are called, in the reader's language (pages,
notifications and mail name them the same way)."""
from flask_babel import gettext as _

from portal.i18n import current_language, localized


def title_of(request):
    """What the request is about, in the reader's language: "Hume → Espoo: its practice"."""
    language = current_language()
    topic = (request.practice.text_in(language, "title") if request.practice
             else _("commitment %(n)s", n=request.commitment.number))
    return _("%(from)s → %(to)s: %(topic)s", topic=topic, **{
        "from": localized(request.from_city, "name"), "to": localized(request.to_city, "name")})[:200]


def thread_title(thread):
    """A thread's title for readers: a private exchange is named after its request, in the
    reader's language; other threads keep the title their author gave them."""
    return title_of(thread.request) if thread.request is not None else thread.title
