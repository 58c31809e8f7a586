"""Reports share the stories' publishing lifecycle (portal.publishing): two-person review,
scheduling, state badges, history and a staff preview."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from articles.models import Report
from tests.factories import ReportFactory, pdf_file, user_in_group

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/articles/report/"


@pytest.fixture
def writer(db):
    return user_in_group("Writers", "wanda")


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(user_in_group("Editors", "eddie"))
    return client


@pytest.fixture
def own_draft(writer):
    return ReportFactory(title="Wanda's outlook", status="draft", published_at=None,
                         created_by=writer)  # fmt: skip


def _form(**overrides):
    data = {
        "title": "Anode outlook", "slug": "anode-outlook", "summary": "Anode capacity.",
        "contents": "", "status": "draft", "published_at_0": "", "published_at_1": "",
        "file": pdf_file(),
    }  # fmt: skip
    data.update(overrides)
    return data


def _action(client, action, reports):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [r.pk for r in reports]})


def _badge(page, report):
    """The state badge in the list row of `report`."""
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*>{re.escape(report.title)}<.*?</tr>", page, re.S)
    return re.search(
        r'<span class="state-badge state-badge--(\w+)">([^<]+)</span>', row[0]
    ).groups()


def test_a_writer_prepares_a_report_as_a_draft_of_their_own(writer_client, writer):
    response = writer_client.post(f"{CHANGELIST}add/", _form())
    assert response.status_code == 302, response.content.decode()[-2000:]
    report = Report.objects.get()
    assert (report.state, report.created_by) == ("draft", writer)


def test_a_writer_is_offered_no_way_to_publish_a_report(writer_client, own_draft):
    actions = writer_client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert [name for name, _ in actions] == ["", "submit_for_review"]
    form = writer_client.get(f"{CHANGELIST}{own_draft.pk}/change/").context["adminform"].form
    assert [value for value, _ in form.fields["status"].choices] == ["draft", "review"]
    assert "published_at" not in form.fields


def test_a_forged_publish_of_a_report_by_a_writer_is_refused_and_nothing_saved(writer_client):
    response = writer_client.post(f"{CHANGELIST}add/", _form(status="published"))
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert not Report.objects.exists()


def test_a_forged_publish_action_on_a_report_changes_nothing(writer_client, own_draft):
    _action(writer_client, "publish_now", [own_draft])
    own_draft.refresh_from_db()
    assert own_draft.state == "draft"


def test_a_writer_sees_only_their_own_reports(writer_client, own_draft):
    ReportFactory(title="Someone else's report")
    listed = writer_client.get(CHANGELIST).context["cl"].result_list
    assert [r.title for r in listed] == ["Wanda's outlook"]


def test_submitting_a_report_puts_it_in_review_and_tells_the_editors(
    writer_client, own_draft, django_capture_on_commit_callbacks
):
    editor = user_in_group("Editors", "edna")
    editor.email = "edna@example.com"
    editor.save()
    with django_capture_on_commit_callbacks(execute=True):
        _action(writer_client, "submit_for_review", [own_draft])
    own_draft.refresh_from_db()
    assert own_draft.state == "review"
    [message] = mail.outbox
    assert message.to == ["edna@example.com"]
    assert message.subject == "For review: Wanda's outlook"
    assert f"/admin/articles/report/{own_draft.pk}/change/" in message.body


def test_a_report_in_review_is_read_only_for_its_writer(writer_client, own_draft):
    own_draft.status = Report.Status.REVIEW
    own_draft.save()
    response = writer_client.post(
        f"{CHANGELIST}{own_draft.pk}/change/", _form(title="Changed in review", status="draft")
    )
    assert response.status_code == 403
    own_draft.refresh_from_db()
    assert own_draft.title == "Wanda's outlook"


def test_an_editor_sends_a_report_back_to_its_writer(editor_client, own_draft):
    own_draft.status = Report.Status.REVIEW
    own_draft.save()
    _action(editor_client, "send_back", [own_draft])
    own_draft.refresh_from_db()
    assert own_draft.state == "draft"


def test_an_editor_publishes_a_report_now(editor_client, own_draft, client):
    _action(editor_client, "publish_now", [own_draft])
    own_draft.refresh_from_db()
    assert own_draft.is_live
    client.logout()
    assert client.get(own_draft.get_absolute_url()).status_code == 200


def test_each_report_shows_its_state_badge_in_the_list(editor_client):
    later = timezone.now() + timedelta(days=2)
    reports = {
        "draft": ReportFactory(status="draft", published_at=None),
        "review": ReportFactory(status="review", published_at=None),
        "scheduled": ReportFactory(published_at=later),
        "published": ReportFactory(),
    }
    page = editor_client.get(CHANGELIST).content.decode()
    for state, report in reports.items():
        assert _badge(page, report)[0] == state


def test_the_state_filter_lists_only_scheduled_reports(editor_client):
    scheduled = ReportFactory(published_at=timezone.now() + timedelta(days=2))
    ReportFactory()
    listed = editor_client.get(f"{CHANGELIST}?state=scheduled").context["cl"].result_list
    assert list(listed) == [scheduled]


def test_a_scheduled_report_says_when_it_goes_live(editor_client):
    report = ReportFactory(published_at=timezone.now() + timedelta(days=2))
    page = editor_client.get(f"{CHANGELIST}{report.pk}/change/").content.decode()
    assert "Scheduled: goes live by itself on" in page


def test_the_history_of_a_report_says_who_changed_its_state(editor_client, own_draft):
    _action(editor_client, "publish_now", [own_draft])
    page = editor_client.get(f"{CHANGELIST}{own_draft.pk}/history/").content.decode()
    assert "Status: Draft → Published" in page
    assert "eddie" in page


def test_staff_preview_a_draft_report_that_readers_cannot_see(editor_client, own_draft, client):
    response = editor_client.get(own_draft.get_preview_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Staff preview" in page and "not visible to readers" in page
    assert '<meta name="robots" content="noindex' in page
    client.logout()
    assert client.get(own_draft.get_absolute_url()).status_code == 404
    assert client.get(own_draft.get_preview_url()).status_code == 302  # to sign in


def test_the_preview_form_sends_nothing(editor_client, own_draft):
    response = editor_client.post(own_draft.get_preview_url(), {"email": "a@example.com"})
    assert response.status_code == 405


def test_a_writer_cannot_open_someone_elses_report_pdf_or_preview(writer_client):
    other = ReportFactory(title="Someone else's draft", status="draft", published_at=None)
    assert writer_client.get(f"{CHANGELIST}{other.pk}/pdf/").status_code == 404
    assert writer_client.get(other.get_preview_url()).status_code == 404


def test_a_writer_opens_their_own_report_pdf_and_preview(writer_client, own_draft):
    assert writer_client.get(f"{CHANGELIST}{own_draft.pk}/pdf/").status_code == 200
    assert writer_client.get(own_draft.get_preview_url()).status_code == 200
