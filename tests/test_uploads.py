"""A file over its limit does not lose the form: every other answer comes back as typed and
the error stands on the file field, for the mayor's letter and a practice's cover alike."""
import io

from portal.reference.demo_membership import minimal_pdf
from tests.test_membership_pages import application, columbus_application, form_data
from tests.test_practices import form as practice_form

THREE_MB = 3 * 1024 * 1024


def big_pdf():
    return minimal_pdf() + b"%" + b"0" * THREE_MB + b"\n%%EOF\n"


def test_a_letter_over_the_limit_keeps_every_answer_and_marks_the_letter_field(app, client, login_as):
    application_id = columbus_application(app, client, login_as)
    data = form_data(app, motivation="Our libraries open learning labs in every district.",
                     mayor_name="A. Careful Mayor")
    data["letter"] = (io.BytesIO(big_pdf()), "scanned-letter.pdf")
    response = client.post(f"/membership/applications/{application_id}/edit", data=data,
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Our libraries open learning labs in every district." in page
    assert 'value="A. Careful Mayor"' in page
    assert 'id="letter-error"' in page and "The file is 3 MB; the limit is 2 MB." in page
    assert application(app, application_id).letter_path is None   # nothing was saved


def test_a_cover_over_the_limit_keeps_every_answer_and_marks_the_cover_field(app, client, login_as):
    login_as("practitioner")
    data = practice_form(app, title="Reading garden by the river",
                         cover=(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * THREE_MB), "cover.png"),
                         cover_alt="Children reading outside")
    response = client.post("/practices/new", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Reading garden by the river"' in page and "Children reading outside" in page
    assert 'id="cover-error"' in page and "The file is 3 MB; the limit is 2 MB." in page


def test_a_letter_within_the_limit_is_received_whole(app, client, login_as):
    application_id = columbus_application(app, client, login_as)
    letter = minimal_pdf() + b"%" + b"1" * (1024 * 1024) + b"\n%%EOF\n"
    data = dict(form_data(app), letter=(io.BytesIO(letter), "letter.pdf"))
    response = client.post(f"/membership/applications/{application_id}/edit", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert application(app, application_id).letter_size == len(letter)


def test_a_request_larger_than_any_form_needs_is_still_refused(app, client, login_as):
    application_id = columbus_application(app, client, login_as)
    data = dict(form_data(app), letter=(io.BytesIO(b"0" * (17 * 1024 * 1024)), "huge.pdf"))
    response = client.post(f"/membership/applications/{application_id}/edit", data=data,
                           content_type="multipart/form-data")
    assert response.status_code == 413
