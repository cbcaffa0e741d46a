"""Discussion pages: asking a question on a practice, a thread with its replies and marked
answers, reporting a post, adding someone to a private thread."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain_errors import DomainError
from portal.exchange import discussions, queries
from portal.exchange.blueprint import bp, posting_limit
from portal.exchange.forms import ParticipantForm, QuestionForm, ReplyForm, ReportForm
from portal.moderation import operations as moderation
from portal.permissions import require
from portal.practices import queries as practices


def _thread(thread_id):
    thread = queries.thread(thread_id) or abort(404)
    require("thread.view", thread)
    return thread


def _post(post_id):
    post = queries.post(post_id) or abort(404)
    require("thread.view", post.thread)
    return post


def _page(template, form, error, status, **context):
    form.form_errors.append(error)
    return render_template(template, form=form, **context), status


@bp.route("/practices/<slug>/questions/new", methods=["GET", "POST"])
@posting_limit
def ask_question(slug):
    practice = practices.practice_by_slug(slug) or abort(404)
    require("question.ask", practice)
    form = QuestionForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("exchange/ask.html", form=form, practice=practice), status
    try:
        thread = discussions.ask_question(practice, form.title.data, form.body.data, actor=current_user)
    except DomainError as error:
        return _page("exchange/ask.html", form, error.message, error.status, practice=practice)
    flash(_("Your question is published. You will be told when someone answers."), "success")
    return redirect(url_for(".thread", thread_id=thread.id))


@bp.get("/threads/<int:thread_id>")
def thread(thread_id):
    return render_template("exchange/thread.html", thread=_thread(thread_id), form=ReplyForm(),
                           participant_form=ParticipantForm())


@bp.post("/threads/<int:thread_id>/posts")
@posting_limit
def reply(thread_id):
    thread = _thread(thread_id)
    require("thread.post", thread)
    form = ReplyForm()
    context = {"thread": thread, "participant_form": ParticipantForm()}
    if not form.validate_on_submit():
        return render_template("exchange/thread.html", form=form, **context), 400
    try:
        post = discussions.reply(thread, form.body.data, actor=current_user)
    except DomainError as error:
        return _page("exchange/thread.html", form, error.message, error.status, **context)
    flash(_("Your reply is posted."), "success")
    return redirect(url_for(".thread", thread_id=thread.id, _anchor=f"post-{post.id}"))


@bp.post("/posts/<int:post_id>/answer")
def mark_answer(post_id):
    post = _post(post_id)
    require("answer.mark", post)
    is_answer = request.form.get("answer") != "no"
    try:
        discussions.mark_answer(post, actor=current_user, is_answer=is_answer)
    except DomainError as error:
        abort(error.status, error.message)
    flash(_("The reply is marked as the answer.") if is_answer
          else _("The reply is no longer marked as the answer."), "success")
    return redirect(url_for(".thread", thread_id=post.thread_id, _anchor=f"post-{post.id}"))


@bp.post("/threads/<int:thread_id>/participants")
@posting_limit
def add_participant(thread_id):
    thread = _thread(thread_id)
    require("thread.invite", thread)
    form = ParticipantForm()
    context = {"thread": thread, "form": ReplyForm()}
    if not form.validate_on_submit():
        return render_template("exchange/thread.html", participant_form=form, **context), 400
    try:
        discussions.add_participant(thread, discussions.user_by_email(form.email.data), actor=current_user)
    except DomainError as error:
        form.email.errors = [*form.email.errors, error.message]
        return render_template("exchange/thread.html", participant_form=form, **context), error.status
    flash(_("Added to the exchange."), "success")
    return redirect(url_for(".thread", thread_id=thread.id))


@bp.route("/posts/<int:post_id>/report", methods=["GET", "POST"])
@posting_limit
def report_post(post_id):
    post = _post(post_id)
    require("post.report", post)
    form = ReportForm()
    if not form.validate_on_submit():
        status = 400 if request.method == "POST" else 200
        return render_template("exchange/report.html", form=form, post=post), status
    try:
        moderation.report_post(post, form.reason.data, actor=current_user)
    except DomainError as error:
        return _page("exchange/report.html", form, error.message, error.status, post=post)
    flash(_("Thank you. The network secretariat will look at this post."), "success")
    return redirect(url_for(".thread", thread_id=post.thread_id))
