"""The meta description of every page type. A page about one thing (a practice, a city…)
gives its own in its template's `description` block (base.html); every other page type is
described here, by endpoint, in one table (the site's description when it has none)."""
from flask import request
from flask_babel import lazy_gettext as _l

SITE = _l("A global network of cities that make lifelong learning real for everyone: their "
          "practices, the 12 commitments of the Beijing Declaration and the Key Features of Learning Cities.")

_ACCOUNT = _l("Your account on the Learning Cities Network: your roles and what they let you do.")
_APPLICATION = _l("An application for membership of the Learning Cities Network, its answers and its timeline.")
_CLUSTER_FORM = _l("Set up a thematic cluster of member cities: its name, description and commitments.")
_REQUEST = _l("A peer-learning exchange between two member cities: its format, period and timeline.")
_THREAD = _l("A discussion between the people of the Learning Cities Network.")
_PRACTICE_FORM = _l("Describe a practice of your city so that other cities can learn from it.")

DESCRIPTIONS = {
    "home.index": SITE,
    "home.about": _l("How the Learning Cities Network works: who may join, how cities apply and what "
                     "National Commissions for UNESCO and practitioners do."),
    "framework.commitments": _l("The 12 commitments of the Beijing Declaration on Building Learning Cities, "
                                "each with its actions."),
    "framework.key_features": _l("The Key Features of Learning Cities: 3 areas, 12 focus areas and 38 key "
                                 "features, with their measurement points."),
    "cities.city_list": _l("The cities of the Learning Cities Network, by UNESCO region, Member State and "
                           "year they joined."),
    "cities.city_map": _l("A world map of the member cities of the Learning Cities Network, with a list of them."),
    "cities.member_states": _l("The 194 UNESCO Member States by region, with the cities of each in the network."),
    "membership.overview": _l("How a city becomes a member of the Learning Cities Network: the calls for "
                              "membership and the applications."),
    "membership.application": _APPLICATION,
    "membership.transition": _APPLICATION,
    "membership.edit_application": _l("Fill in a city's application for membership of the Learning Cities Network."),
    "membership.new_call": _l("Open a call for membership: its dates, its quota and the time for decisions."),
    "membership.dashboard": _l("Applications for membership by state and region, with overdue decisions."),
    "membership.nominations": _l("The applications of your Member State's cities to endorse, "
                                 "and the endorsements left."),
    "membership.review_queue": _l("The applications for membership waiting for the secretariat's review."),
    "exchange.clusters_list": _l("Thematic clusters in which member cities share practices and discuss them."),
    "exchange.new_cluster": _CLUSTER_FORM,
    "exchange.edit_cluster": _CLUSTER_FORM,
    "exchange.cluster_membership": _CLUSTER_FORM,
    "exchange.transfers": _l("Which city took up a practice of which other city: a drawing and a list."),
    "exchange.dashboard": _l("Your city's peer-learning requests, and practices and peer cities suggested to it."),
    "exchange.peer_request": _REQUEST,
    "exchange.answer_request": _REQUEST,
    "exchange.propose_period": _REQUEST,
    "exchange.close_request": _REQUEST,
    "exchange.request_exchange": _l("Ask a member city for a peer-learning exchange: an online call, a "
                                    "study visit, documents or staff."),
    "exchange.record_adoption": _l("Record that your city took up another city's practice, what it changed "
                                   "and what happened."),
    "exchange.ask_question": _l("Ask the people behind a practice a public question about it."),
    "exchange.report_post": _l("Tell the network secretariat what is wrong with a post."),
    "exchange.thread": _THREAD,
    "exchange.reply": _THREAD,
    "exchange.add_participant": _THREAD,
    "exchange.start_discussion": _THREAD,
    "search.practices": _l("Practices of learning cities: what they did, with whom, and what changed. "
                           "Search them in any of the six UN languages."),
    "search.search": _l("Search the practices of learning cities, in any of the six UN languages, by commitment, "
                        "region, Member State and more."),
    "practices.new_practice": _PRACTICE_FORM,
    "practices.edit_practice": _PRACTICE_FORM,
    "practices.mine": _l("The practices you wrote, with the state of each."),
    "practices.review_queue": _l("The practices waiting to be published."),
    "practices.transition": _l("A practice of a learning city."),
    "auth.login": _l("Sign in to the Learning Cities Network."),
    "auth.signup": _l("Create an account on the Learning Cities Network, then ask for the role you need."),
    "auth.forgot_password": _l("Ask for a link to choose a new password."),
    "auth.reset_password": _l("Choose a new password for your account."),
    "auth.signup_sent": _l("A link to finish creating your account is on its way to your mailbox."),
    "auth.confirm_sign_up": _l("Choose your name and password to finish creating your account."),
    "auth.change_password": _l("Change the password of your account; your other sessions end."),
    "start.index": _l("Your start page: what is waiting for you on the Learning Cities Network, and "
                      "where to go next."),
    "open_data.page": _l("Open data of the Learning Cities Network: the practices through a JSON API, "
                         "Atom feeds and a download of them all."),
    "practices.guide": _l("How to write a practice case that other cities can learn from: what to say "
                          "in each section, and why."),
    "practices.versions_list": _l("Every published version of a practice, and when it was published."),
    "practices.version": _l("An earlier published version of a practice, as readers saw it then."),
    "auth.account": _ACCOUNT,
    "auth.request_role": _ACCOUNT,
    "auth.notifications_page": _l("What happened on the portal that concerns you."),
    "auth.notification_settings": _l("Choose which mail you receive from the portal, and how often."),
    "admin.role_requests": _l("Requests for a role, to grant or refuse."),
    "admin.mail_outbox": _l("The mail the portal sent or is about to send."),
    "moderation.queue": _l("Reported posts to review, and accounts to suspend or reinstate."),
}


def page_description():
    """The description of the current page type (the site's when it has none of its own)."""
    return str(DESCRIPTIONS.get(request.endpoint, SITE)) if request else str(SITE)


def template_helpers():
    return {"page_description": page_description}
