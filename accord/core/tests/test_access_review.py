"""The annual access review (R31, CJIS AC-2 j, AC-6(7)) and the contractor flag (IA-4(4))."""

import csv
import io
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.core.models import AuditEvent, RoleGrant, User
from accord.core.testing import make_user, sign_in


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _every_grant() -> set[tuple[str, str]]:
    return {(g.user.username, g.get_role_display()) for g in RoleGrant.objects.select_related("user")}


def test_the_report_lists_every_role_grant_of_every_account(client, personas):
    RoleGrant.objects.create(user=personas.advocate, role="supervisor", granted_by=personas.vsp_admin)
    sign_in(client, personas.auditor)
    response = client.get(reverse("core:access_review"))
    assert response.status_code == 200
    shown = {(p.username, g.get_role_display()) for p in response.context["accounts"] for g in p.role_grants.all()}
    assert shown == _every_grant()
    assert {p.pk for p in response.context["accounts"]} == set(User.objects.values_list("pk", flat=True))
    assert b"vsp_admin" in response.content  # who granted the advocate's supervisor role
    # The auditor reviews but cannot open person pages (they would refuse), so names are not links.
    assert reverse("core:person_detail", args=[personas.advocate.pk]).encode() not in response.content
    event = AuditEvent.objects.get(verb="people.access_review_viewed")
    assert event.actor_id == personas.auditor.pk and event.changes == {"filters": {}, "accounts": 6}


def test_the_csv_has_one_row_per_grant_and_a_row_for_an_account_without_any(client, personas):
    RoleGrant.objects.create(user=personas.advocate, role="supervisor", granted_by=personas.vsp_admin)
    loner = make_user("loner", personas.partner_c, mfa=False)
    User.objects.filter(pk=loner.pk).update(is_contractor=True)
    sign_in(client, personas.coordinator)
    response = client.get(reverse("core:access_review_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert {(r["username"], r["role"]) for r in rows if r["role"]} == _every_grant()
    assert len([r for r in rows if r["role"]]) == RoleGrant.objects.count()
    [loner_row] = [r for r in rows if r["username"] == "loner"]
    assert loner_row["role"] == "" and loner_row["contractor"] == "yes" and loner_row["status"] == "Active"
    [granted] = [r for r in rows if r["username"] == "advocate" and r["role"] == "Supervisor"]
    assert granted["granted_by"] == "vsp_admin" and granted["granted_at"]
    event = AuditEvent.objects.get(verb="people.access_review_exported")
    assert event.actor_id == personas.coordinator.pk and event.changes == {"filters": {}, "rows": len(rows)}


def test_csv_cells_cannot_run_as_formulas(client, personas):
    User.objects.filter(pk=personas.member.pk).update(first_name="=HYPERLINK(1)")
    sign_in(client, personas.coordinator)
    [row] = [r for r in _csv(client.get(reverse("core:access_review_csv"))) if r["username"] == "member"]
    assert row["name"].startswith("'=")


def test_an_org_admin_reviews_only_their_own_organization(client, personas):
    sign_in(client, personas.vsp_admin)
    response = client.get(reverse("core:access_review"), {"organization": personas.agency_a.pk})
    assert {p.username for p in response.context["accounts"]} == {"advocate", "vsp_admin"}
    assert "organization" not in response.context["form"].fields
    rows = _csv(client.get(reverse("core:access_review_csv")))
    assert {r["username"] for r in rows} == {"advocate", "vsp_admin"}


def test_filters_by_organization_and_inactivity_are_applied_and_audited(client, personas):
    long_ago = timezone.now() - timedelta(days=40)
    User.objects.filter(pk=personas.member.pk).update(last_login=long_ago, date_joined=long_ago)
    User.objects.exclude(pk=personas.member.pk).update(last_login=timezone.now())
    sign_in(client, personas.coordinator)
    response = client.get(reverse("core:access_review"), {"inactive_days": 30})
    assert [p.username for p in response.context["accounts"]] == ["member"]
    assert response.context["accounts"][0].days_inactive == 40
    response = client.get(reverse("core:access_review"), {"organization": personas.vsp_b.pk})
    assert {p.username for p in response.context["accounts"]} == {"advocate", "vsp_admin"}
    filters = [e.changes["filters"] for e in AuditEvent.objects.filter(verb="people.access_review_viewed")]
    assert filters == [{"inactive_days": 30}, {"organization": personas.vsp_b.pk}]
    rows = _csv(client.get(reverse("core:access_review_csv"), {"inactive_days": 30}))
    assert {r["username"] for r in rows} == {"member"}
    assert AuditEvent.objects.get(verb="people.access_review_exported").changes["filters"] == {"inactive_days": 30}


def test_a_bad_filter_is_shown_and_lists_everything_unfiltered(client, personas):
    sign_in(client, personas.coordinator)
    response = client.get(reverse("core:access_review"), {"inactive_days": "-3"})
    assert response.status_code == 200 and response.context["form"].errors["inactive_days"]
    assert len(response.context["accounts"]) == User.objects.count()


def test_the_report_makes_as_many_queries_with_more_accounts(client, personas):
    sign_in(client, personas.coordinator)
    url = reverse("core:access_review")

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as download:
            assert client.get(reverse("core:access_review_csv")).status_code == 200
        return len(page.captured_queries), len(download.captured_queries)

    client.get(url)  # warm per-process caches
    few = queries()
    for i in range(6):
        staff = make_user(f"staff{i}", personas.vsp_b, "advocate", "supervisor", mfa=False)
        RoleGrant.objects.filter(user=staff).update(granted_by=personas.vsp_admin)
    assert queries() == few


def test_the_menu_offers_the_report_to_reviewers_only(client, personas):
    link = reverse("core:access_review").encode()
    for persona, shown in [("coordinator", True), ("auditor", True), ("vsp_admin", True), ("advocate", False)]:
        sign_in(client, personas.user(persona))
        assert (link in client.get(reverse("core:home")).content) is shown, persona


def test_an_admin_sets_the_contractor_flag_on_the_person_page_and_it_is_audited(client, personas):
    sign_in(client, personas.vsp_admin)
    url = reverse("core:person_details", args=[personas.advocate.pk])
    response = client.post(url, {"title": "Advocate", "is_contractor": "on"})
    assert response.status_code == 302
    advocate = User.objects.get(pk=personas.advocate.pk)
    assert advocate.is_contractor and advocate.title == "Advocate"
    event = AuditEvent.objects.get(verb="user.updated")
    assert event.actor_id == personas.vsp_admin.pk and event.target_id == str(advocate.pk)
    assert event.changes == {"is_contractor": [False, True], "title": ["", "Advocate"]}
    page = client.get(reverse("core:person_detail", args=[advocate.pk])).content.decode()
    assert "Yes: a contractor or vendor" in page


def test_saving_unchanged_details_writes_nothing(client, personas):
    sign_in(client, personas.vsp_admin)
    client.post(reverse("core:person_details", args=[personas.advocate.pk]), {"title": ""})
    assert not AuditEvent.objects.filter(verb="user.updated").exists()


def test_bad_details_are_refused_and_change_nothing(client, personas):
    sign_in(client, personas.vsp_admin)
    url = reverse("core:person_details", args=[personas.advocate.pk])
    response = client.post(url, {"title": "x" * 200, "is_contractor": "on"}, follow=True)
    assert b"at most 120 characters" in response.content
    assert not User.objects.get(pk=personas.advocate.pk).is_contractor
    assert not AuditEvent.objects.filter(verb="user.updated").exists()


def test_an_org_admin_cannot_set_the_flag_on_another_organizations_account(client, personas):
    sign_in(client, personas.vsp_admin)
    response = client.post(reverse("core:person_details", args=[personas.member.pk]), {"is_contractor": "on"})
    assert response.status_code == 404
    assert not User.objects.get(pk=personas.member.pk).is_contractor


def test_the_download_and_the_details_form_ask_for_a_fresh_second_factor(client, personas):
    sign_in(client, personas.coordinator, recently_reauthenticated=False)
    response = client.get(reverse("core:access_review_csv"))
    assert response.status_code == 302 and "reauthenticate" in response.url
    response = client.post(reverse("core:person_details", args=[personas.advocate.pk]), {"is_contractor": "on"})
    assert response.status_code == 302 and "reauthenticate" in response.url
    assert not User.objects.get(pk=personas.advocate.pk).is_contractor
    assert not AuditEvent.objects.filter(verb__in=["people.access_review_exported", "user.updated"]).exists()
