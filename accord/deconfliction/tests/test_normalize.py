"""Identifier normalization: one identifier written many ways gives one value; bad input is flagged, kept."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.deconfliction import normalize, variants


@pytest.mark.parametrize(
    "raw",
    ["(512) 555-0100", "512.555.0100", "+1 512 555 0100", "512-555-0100", "5125550100", "1-512-555-0100"],
)
def test_phone_formats_give_one_e164_value(raw):
    result = normalize.phone(raw)
    assert result == normalize.Normalized("+15125550100", "+1 512-555-0100", ok=True)


def test_every_generated_phone_format_normalizes_to_the_same_number():
    rng = random.Random(3)
    for _ in range(50):
        digits = variants._phone_digits(rng)
        values = {normalize.phone(variants.format_phone(digits, rng)).value for _ in range(10)}
        assert values == {f"+1{digits}"}


def test_phone_that_is_not_a_number_is_flagged_and_kept_cleaned():
    result = normalize.phone("555-01")
    assert not result.ok
    assert result.note == "Not a valid US phone number"
    assert result.value == "55501"


def test_phone_in_another_region():
    assert normalize.phone("020 7946 0958", region="GB").value == "+442079460958"


def test_gmail_dots_and_tags_fold_but_other_domains_keep_them():
    assert normalize.email("J.Doe+ads@GoogleMail.com").value == "jdoe@gmail.com"
    assert normalize.email(" jdoe@gmail.com ").value == "jdoe@gmail.com"
    assert normalize.email("J.Doe+ads@Example.org").value == "j.doe+ads@example.org"


def test_email_without_a_domain_is_flagged():
    result = normalize.email("jdoe@")
    assert (result.ok, result.note) == (False, "Not a valid e-mail address")


@pytest.mark.parametrize(
    "raw",
    [
        "123 North Main Street, Apartment 5, Austin, Texas 78701",
        "123 N. Main St. #5 Austin TX 78701-1234",
        "123 n main st unit 5, austin, tx 78701",
    ],
)
def test_address_spellings_give_one_value(raw):
    result = normalize.address(raw)
    assert result.ok
    assert result.value == "123 N MAIN ST #5 78701"


def test_address_display_keeps_the_unit_designator_and_city():
    result = normalize.address("1600 Pennsylvania Avenue Northwest, Apt 4B, Washington, District of Columbia 20500")
    assert result.display == "1600 PENNSYLVANIA AVE NW APT 4B, WASHINGTON DC 20500"


def test_address_without_zip_is_matched_on_city_and_state():
    assert normalize.address("100 Fifth Avenue, New York, NY").value == "100 5TH AVE NEW YORK NY"


def test_unreadable_address_is_flagged():
    result = normalize.address("behind the gas station")
    assert not result.ok
    assert result.value == "BEHIND THE GAS STATION"


def test_po_box():
    assert normalize.address("P.O. Box 123, Austin TX 78701").value == "PO BOX 123 78701"


@pytest.mark.parametrize("raw", ["ABC-1234", "abc 1234", "ABC I234", "ABC1234"])
def test_plate_confusions_fold(raw):
    assert normalize.plate(raw, "Texas").value == "TX:ABC1234"


def test_plate_letter_o_and_q_read_as_zero():
    assert normalize.plate("OQ0 1I1", "ca").value == "CA:000111"


def test_every_generated_plate_confusion_normalizes_to_the_original():
    rng = random.Random(5)
    for _ in range(200):
        chars = variants._plate_chars(rng)
        assert normalize.plate(variants.confuse_plate(chars, rng), "TX").value == normalize.plate(chars, "TX").value


def test_plate_with_unknown_state_is_flagged():
    result = normalize.plate("ABC1234", "Atlantis")
    assert not result.ok
    assert result.note == "Unknown state or territory for the plate"


@pytest.mark.parametrize(
    ("raw", "platform", "value"),
    [
        ("@Some.User", "instagram", "instagram:some.user"),
        ("https://www.instagram.com/some.user/?hl=en", "", "instagram:some.user"),
        ("x.com/JDoe", "", "x:jdoe"),
        ("jdoe", "Twitter", "x:jdoe"),
        ("https://reddit.com/u/foo", "", "reddit:foo"),
        ("t.me/bar", "", "telegram:bar"),
        ("@loner", "", "loner"),
    ],
)
def test_handles(raw, platform, value):
    assert normalize.handle(raw, platform).value == value


def test_advert_urls_reduce_to_site_and_ad_number():
    a = normalize.advert("https://austin.craigslist.org/d/some-title/7712345678.html?utm_source=x")
    b = normalize.advert("houston.craigslist.org/cas/d/other-title/7712345678.html")
    assert a.value == b.value == "craigslist.org:7712345678"


def test_advert_without_an_ad_number_drops_tracking_parameters():
    result = normalize.advert("https://Example.com/Ad?b=2&utm_source=z&a=1")
    assert result.value == "example.com/ad?a=1&b=2"


def test_advert_identifier_that_is_not_a_url():
    assert normalize.advert("ab 123-45").value == "id:AB12345"


@pytest.mark.parametrize("raw", ["The Lotus Spa, L.L.C.", "Lotus Spa LLC", "LOTUS SPA, INC.", "Lotus  Spa"])
def test_business_legal_forms_and_punctuation_drop(raw):
    assert normalize.business(raw).value == "lotus spa"


def test_business_folds_accents_and_ampersands():
    assert normalize.business("Café Olé & Sons Co.").value == "cafe ole and sons"


def test_normalizers_are_keyed_by_target_kind():
    assert set(normalize.NORMALIZERS) == {"phone", "email", "address", "vehicle", "handle", "advert", "business"}
    assert normalize.NORMALIZERS["vehicle"]("abc 1234", "TX").value == "TX:ABC1234"


@given(st.text(max_size=60))
def test_no_normalizer_raises_on_any_text(text):
    for kind, function in normalize.NORMALIZERS.items():
        result = function(text, "TX") if kind == "vehicle" else function(text)
        assert isinstance(result.value, str)
        assert result.ok or result.note


@given(st.from_regex(r"[A-Za-z0-9.+_-]{1,12}@(gmail|GoogleMail|example)\.(com|org)", fullmatch=True))
def test_email_normalization_is_idempotent(text):
    once = normalize.email(text).value
    assert normalize.email(once).value == once


@given(st.from_regex(r"[A-Z0-9OIQ -]{1,9}", fullmatch=True))
def test_plate_normalization_is_idempotent(text):
    once = normalize.plate(text, "TX")
    assert normalize.plate(once.value.split(":", 1)[1], "TX").value == once.value


@pytest.mark.parametrize("raw", ["[/", "http://[::1/x", "https://:99999/", "@", "   "])
def test_broken_urls_are_flagged_not_raised(raw):
    for result in (normalize.handle(raw), normalize.advert(raw)):
        assert result.ok or result.note
