"""Issue 5's "done when", in a real browser with the demo accounts: the advocate at Harbor House takes a client
from intake and screening to a referral for immigration legal help that carries identity only because a release
exists; the member at Legal Aid of the Valley accepts and completes it; the advocate revokes the release and the
provider at once loses identity (404 on the client page, descriptors only on the referral); the investigator
never sees the client. Every page is checked with axe."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.helpers import check_page, sign_in, tick

NAME = "Marisol Demo Reyes"


def _intake(page: Any) -> str:
    page.goto("/victim-services/clients/new/")
    check_page(page, "advocate", "vs-intake")
    page.fill("#id_legal_name", NAME)
    page.fill("#id_preferred_name", "Mari")
    page.fill("#id_date_of_birth", "1994-06-02")
    page.fill("#id_phone", "+1 217 555 0166")
    page.select_option("#id_age_band", "25-34")
    page.select_option("#id_gender", "female")
    page.select_option("#id_citizenship", "foreign_national")
    page.select_option("#id_primary_language", "es")
    page.select_option("#id_trafficking_type", "labor")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/victim-services/clients/*/")
    check_page(page, "advocate", "vs-client")
    found = re.search(r"/clients/(\d+)/", page.url)
    assert found and NAME in page.inner_text("main")
    return found.group(1)


def _screen(page: Any) -> None:
    page.click(".accord-actions a:text-is('Screen')")
    page.wait_for_url("**/screen/")
    check_page(page, "advocate", "vs-screen")
    for label in page.locator("label.usa-radio__label:text-is('Yes')").all()[:4]:
        label.click()
    page.click("main form button[type=submit]")
    page.wait_for_url("**/screenings/*/")
    check_page(page, "advocate", "vs-screen-result")
    assert "A screen is not a determination" in page.inner_text("main")


def _release(page: Any, client_id: str) -> str:
    page.goto(f"/victim-services/clients/{client_id}/releases/new/")
    check_page(page, "advocate", "vs-release-form")
    page.select_option("#id_recipient", label="Legal Aid of the Valley")
    page.fill("#id_purpose", "To get immigration legal help")
    tick(page, "Identity (names, date of birth)")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/releases/*/")
    check_page(page, "advocate", "vs-release")
    found = re.search(r"/releases/(\d+)/", page.url)
    assert found
    page.goto(f"/victim-services/releases/{found.group(1)}/print/")
    check_page(page, "advocate", "vs-release-print")
    return found.group(1)


def _refer(page: Any, client_id: str) -> str:
    page.goto(f"/referrals/find/?client={client_id}")
    page.select_option("#id_service", label="Legal help: immigration")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#res-h")
    check_page(page, "advocate", "vs-find")
    page.locator("a.usa-button", has_text="Refer to Legal Aid of the Valley").first.click()
    page.wait_for_url("**/referrals/new/**")
    check_page(page, "advocate", "vs-referral-form")
    tick(page, "Share the client's identity under their release")
    page.click("button[name=send]")
    page.wait_for_url(re.compile(r".*/referrals/\d+/$"))
    check_page(page, "advocate", "vs-referral-sent")
    found = re.search(r"/referrals/(\d+)/", page.url)
    assert found
    return found.group(1)


def test_intake_to_referral_with_identity_under_release_then_revoked(new_page: Any, live_server: Any) -> None:
    advocate = new_page()
    sign_in(advocate, live_server, "advocate")
    client_id = _intake(advocate)
    _screen(advocate)
    release_id = _release(advocate, client_id)
    referral_id = _refer(advocate, client_id)

    member = new_page()
    sign_in(member, live_server, "member")
    check_page(member, "member", "vs-home")
    member.goto(f"/referrals/{referral_id}/")
    check_page(member, "member", "vs-referral-received")
    assert NAME in member.inner_text("#referral-identity")
    member.click("button:text-is('Accept')")
    member.wait_for_selector("text=Close the loop")
    member.select_option("#id_outcome", "provided")
    member.click("button:text-is('Complete')")
    member.wait_for_selector("#referral-state:text-is('Completed')")
    check_page(member, "member", "vs-referral-completed")
    response = member.goto(f"/victim-services/clients/{client_id}/")
    assert response.status == 200 and NAME in member.inner_text("main")
    check_page(member, "member", "vs-client-under-release")

    investigator = new_page()
    sign_in(investigator, live_server, "investigator")
    assert investigator.goto(f"/victim-services/clients/{client_id}/").status == 404
    assert investigator.goto(f"/referrals/{referral_id}/").status == 404

    advocate.goto(f"/victim-services/releases/{release_id}/")
    advocate.click("button:text-is('Revoke now')")
    advocate.wait_for_selector("text=Revoked.")
    check_page(advocate, "advocate", "vs-release-revoked")
    advocate.goto(f"/victim-services/clients/{client_id}/")
    assert "Legal help: immigration" in advocate.inner_text("#services-h + table")  # the loop closed into services

    assert member.goto(f"/victim-services/clients/{client_id}/").status == 404
    member.goto(f"/referrals/{referral_id}/")
    assert NAME not in member.inner_text("main") and member.locator("#referral-descriptors-only").count() == 1
    check_page(member, "member", "vs-referral-after-revoke")
    assert investigator.goto(f"/victim-services/clients/{client_id}/").status == 404


def test_every_victim_services_and_referral_page_passes_axe(new_page: Any, live_server: Any) -> None:
    """The pages the path above does not visit, with seeded data: lists, forms, disclosure, break-glass review."""
    from accord.referrals.models import Referral
    from accord.victim_services.models import BreakGlass, Client, CompelledDisclosure, InstrumentVersion

    client = Client.objects.filter(organization__name="Harbor House").order_by("pk").first()
    disclosure = CompelledDisclosure.objects.filter(client__organization__name="Harbor House").first()
    grant = BreakGlass.objects.filter(client__organization__name="Harbor House").first()
    referral = Referral.objects.filter(sender__name="Harbor House").exclude(state="draft").first()
    version = InstrumentVersion.objects.first()
    assert client and disclosure and grant and referral and version
    admin = new_page()
    sign_in(admin, live_server, "vspadmin")
    pages = [
        "/victim-services/",
        f"/victim-services/clients/{client.pk}/",
        f"/victim-services/clients/{client.pk}/edit/",
        f"/victim-services/clients/{client.pk}/close/",
        f"/victim-services/clients/{client.pk}/add/service/",
        f"/victim-services/clients/{client.pk}/add/person/",
        f"/victim-services/clients/{client.pk}/releases/blank-form/",
        f"/victim-services/clients/{client.pk}/disclosures/new/",
        f"/victim-services/clients/{client.pk}/break-glass/new/",
        f"/victim-services/disclosures/{disclosure.pk}/",
        f"/victim-services/tasks/{disclosure.task.pk}/done/",
        "/victim-services/break-glass/",
        f"/victim-services/break-glass/{grant.pk}/review/",
        "/victim-services/instruments/",
        f"/victim-services/instruments/{version.pk}/",
        "/referrals/",
        "/referrals/new/",
        f"/referrals/{referral.pk}/",
    ]
    for path in pages:
        response = admin.goto(path)
        assert response.status == 200, path
        check_page(admin, "vspadmin", "vs" + path.replace("/", "-").rstrip("-"))
