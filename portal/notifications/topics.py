"""Notification kinds grouped into the topics people choose mail frequencies for."""
from flask_babel import lazy_gettext as _l

from models.notifications import Frequency

# topic: (label, description, default frequency)
TOPICS = {
    "questions": (_l("Questions and answers"),
                  _l("Questions on your practices or your city's, and answers to your questions."),
                  Frequency.immediately),
    "exchanges": (_l("Peer-learning exchanges"),
                  _l("Requests from other cities, their replies, and messages in your exchanges."),
                  Frequency.immediately),
    "network": (_l("Network activity"),
                _l("Adoptions of your city's practices and news from your thematic clusters."),
                Frequency.weekly),
    "practices": (_l("Practices"), _l("Practices to review, published or returned."), Frequency.immediately),
    "membership": (_l("Membership"), _l("Applications, nominations and admissions."), Frequency.immediately),
    "reporting": (_l("Progress reports"),
                  _l("Reporting cycles, reminders before deadlines, and the review of progress reports."),
                  Frequency.immediately),
    "account": (_l("Your account"), _l("Roles you asked for and decisions on them."), Frequency.immediately),
    "moderation": (_l("Moderation"), _l("Posts reported by several people (secretariat)."), Frequency.daily),
}

# The first part of a notification kind ("question.asked") names its topic.
_TOPIC_OF_PREFIX = {
    "question": "questions", "answer": "questions",
    "request": "exchanges", "message": "exchanges", "exchange": "exchanges",
    "adoption": "network", "cluster": "network",
    "practice": "practices",
    "application": "membership",
    "progress_report": "reporting", "reporting_cycle": "reporting",
    "role": "account", "account": "account",
    "report": "moderation",
}


def topic_of(kind):
    return _TOPIC_OF_PREFIX.get(kind.split(".", 1)[0], "account")


def default_frequency(topic):
    return TOPICS[topic][2]
