import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.core import actions
from accord.core.models import AuditEvent, Term
from accord.core.testing import sign_in


def test_standard_vocabularies_ship_as_data(db):
    assert Term.objects.of("polaris-type").count() == 25
    assert Term.objects.of("control-method").filter(code="debt-bondage").exists()
    assert Term.objects.of("perpetrator-role").filter(code="recruiter").exists()


def test_coordinator_adds_a_term_and_it_is_audited(client, personas):
    sign_in(client, personas.coordinator)
    url = reverse("core:vocabulary_detail", args=["control-method"])
    response = client.post(url, {"code": "isolation", "label": "Isolation", "sort_order": 5, "is_active": "on"})
    assert response.status_code == 302
    assert Term.objects.of("control-method").filter(code="isolation").exists()
    assert AuditEvent.objects.get(verb="term.created").changes["label"] == [None, "Isolation"]


def test_deactivated_terms_are_no_longer_offered(personas):
    term = Term.objects.of("polaris-type").first()
    term.is_active = False
    actions.term_save(actor=personas.coordinator, term=term)
    assert term not in Term.objects.of("polaris-type")


def test_a_terms_code_cannot_change(personas):
    term = Term.objects.of("polaris-type").first()
    term.code = "renamed"
    with pytest.raises(ValidationError, match="cannot change"):
        actions.term_save(actor=personas.coordinator, term=term)


def test_duplicate_code_is_refused_with_a_message(client, personas):
    sign_in(client, personas.coordinator)
    response = client.post(
        reverse("core:vocabulary_detail", args=["polaris-type"]),
        {"code": "polaris-01", "label": "Dup", "sort_order": 1},
    )
    assert response.status_code == 200 and b"already exists" in response.content
    assert Term.objects.filter(label="Dup").count() == 0
