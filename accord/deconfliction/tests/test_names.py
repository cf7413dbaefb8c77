"""Person matching: parsing, blocking keys, scores and the words that explain them."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.deconfliction import variants
from accord.deconfliction.names import (
    NameCounts,
    Person,
    Thresholds,
    blocking_keys,
    dumps,
    loads,
    name_keys,
    parse_name,
    prepare,
    score,
)

DEFAULT = Thresholds()


def person(*names: str, born: date | None = None):
    return prepare(Person(names=names, date_of_birth=born))


def words(name):
    """(given, middles, surnames) as plain words."""
    return (
        name.given.text if name.given else "",
        tuple(t.text for t in name.middles),
        tuple(t.text for t in name.surnames),
    )


# --- parsing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("John Smith", ("john", (), ("smith",))),
        ("Smith, John Q.", ("john", ("q",), ("smith",))),
        ("Dr. John Smith, Jr.", ("john", (), ("smith",))),
        ("Juan Carlos Garcia Lopez", ("juan", ("carlos",), ("garcia", "lopez"))),
        ("Garcia Lopez, Juan Carlos", ("juan", ("carlos",), ("garcia", "lopez"))),
        ("Maria Garcia-Lopez", ("maria", (), ("garcia", "lopez"))),
        ("Maria de la Cruz", ("maria", (), ("cruz",))),
        ("Maria del Carmen Garcia", ("maria", ("carmen",), ("garcia",))),
        ("Vincent van der Berg", ("vincent", (), ("berg",))),
        ("Omar Al-Rashid", ("omar", (), ("rashid",))),
        ("Minh Van Le", ("minh", (), ("le",))),
        ("José Ñúñez", ("jose", (), ("nunez",))),
        ("Мухаммед Алиев", ("mukhammed", (), ("aliev",))),
        ("O'Brien, Sean", ("sean", (), ("obrien",))),
        ("Smith", ("", (), ("smith",))),
        ("de Jesus Aguirre", ("", (), ("jesus", "aguirre"))),
        ("Victoria de Jesus Aguirre", ("victoria", ("jesus",), ("aguirre",))),
        (", Maria", ("maria", (), ())),
    ],
)
def test_parse_name(raw, expected):
    assert words(parse_name(raw)) == expected


# --- scores for the variants investigators meet ----------------------------------------------------------

BORN = date(1984, 3, 12)


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        (("William Smith", BORN), ("Bill Smith", BORN), "Bill is a nickname of William"),
        (("Margaret Olson", BORN), ("Peggy Olson", BORN), "Peggy is a nickname of Margaret"),
        (("Mohammed Rashid", BORN), ("Muhammad Al-Rashid", BORN), "Mohammed and Muhammad are spellings of one name"),
        (("Aleksandr Ivanov", BORN), ("Alexander Ivanov", BORN), "Aleksandr and Alexander are spellings of one name"),
        (("Yusuf Haddad", BORN), ("Yousef Haddad", BORN), "Yusuf and Yousef are spellings of one name"),
        (("John Smith", BORN), ("John Smyth", BORN), "Smith sounds like Smyth"),
        (("Juan Garcia Lopez", BORN), ("Juan Lopez", BORN), "Garcia Lopez is a double surname"),
        (("Juan Garcia Lopez", BORN), ("Juan Lopez Garcia", BORN), "The two surnames are in the other order"),
        (("Minh Nguyen", BORN), ("Nguyen Minh", BORN), "Given name and surname are in the other order"),
        (("Kimberly Underwood", BORN), ("Kimberly Udnerwood", BORN), "Underwood is spelled like Udnerwood"),
        (("John Smith", BORN), ("John Smith", date(1984, 12, 3)), "Day and month of birth swapped"),
        (("Leticia Zamora", BORN), ("Leticia Zamora", date(1984, 3, 17)), "Date of birth differs by one digit"),
        (("Leticia Zamora", BORN), ("Leticia Zamora", date(1984, 1, 1)), "Same year of birth; one record has"),
        (("Leticia Zamora", BORN), ("Zamora", BORN), "Same date of birth"),
    ],
)
def test_variants_of_one_person_are_hits_with_reasons(a, b, reason):
    match = score(person(a[0], born=a[1]), person(b[0], born=b[1]))
    assert match.score >= DEFAULT.match
    assert any(r.startswith(reason) for r in match.reasons), match.reasons


def test_rare_name_without_date_of_birth_is_a_hit_but_a_common_one_is_not():
    rare = score(person("Leticia Quetzal Zamora"), person("Leticia Zamora"))
    common = score(person("Michael Smith"), person("Michael Smith"))
    assert rare.score >= DEFAULT.match
    assert common.score < DEFAULT.possible
    assert "Same surname (Smith, a common name)" in common.reasons


def counted(p, records: int, population: int = 20_000) -> NameCounts:
    """As if `records` person records (of `population`) held each of p's name keys."""
    return NameCounts(dict.fromkeys(name_keys(p), records), population)


def test_a_name_rare_in_the_lists_but_common_in_the_records_counts_less():
    undated, dated = person("Amina Nasser"), person("Amina Nasser", born=BORN)
    alone = score(undated, dated, counts=counted(undated, 2))  # the pair itself: no namesakes
    many = score(undated, dated, counts=counted(undated, 60))  # a community's usual name
    assert alone.score >= DEFAULT.match > many.score
    assert "Many of the records have names like these" in many.differences


def test_a_name_no_commoner_in_the_records_than_in_the_lists_is_not_marked_down():
    a, b = person("Michael Smith", born=BORN), person("Mike Smith", born=BORN)
    # The lists expect 20,000 x (Michael ~1.5%) x (Smith 0.83%), about 2.5 namesakes: 3 records are no surprise.
    assert score(a, b, counts=counted(a, 3)).score == score(a, b).score
    assert score(a, b, counts=counted(a, 400)).score < score(a, b).score


def test_names_sharing_no_name_key_are_not_counted():
    a, b = person("Nasser", born=BORN), person("Amina Nasser", born=BORN)  # a surname alone has no name key
    assert score(a, b, counts=counted(b, 500)).score == score(a, b).score


def test_different_dates_of_birth_separate_people_of_one_name():
    match = score(person("Michael Smith", born=date(1980, 1, 1)), person("Michael Smith", born=date(1983, 5, 9)))
    assert match.score < DEFAULT.possible
    assert match.differences == ("Different date of birth (1980-01-01 / 1983-05-09)",)


def test_twins_with_different_given_names_are_not_a_hit():
    match = score(person("John Ikonen", born=BORN), person("Rhonda Ikonen", born=BORN))
    assert match.score < DEFAULT.match
    assert "Different given name (John / Rhonda)" in match.differences


def test_same_sound_is_not_enough_for_different_given_names():
    match = score(person("John Smith", born=BORN), person("Jane Smith", born=BORN))
    assert "Different given name (John / Jane)" in match.differences


def test_year_of_birth_difference_is_named():
    match = score(person("Ana Ruiz", born=date(1984, 5, 6)), person("Ana Ruiz", born=date(1990, 5, 6)))
    assert "Different year of birth (1984 / 1990)" in match.differences


def test_shared_identifiers_raise_the_score_and_say_so():
    a, b = person("Michael Smith"), person("Mike Smith")
    alone, shared = score(a, b), score(a, b, shared_identifiers=("phone",))
    assert shared.score > alone.score
    assert "Both investigations have the same phone" in shared.reasons


def test_identifiers_cannot_outvote_different_names():
    match = score(person("Michael Smith"), person("Rosa Delgado"), shared_identifiers=("phone", "email", "vehicle"))
    assert match.score < DEFAULT.possible


def test_an_alias_can_make_the_hit():
    a = person("Robert Jones", "Tyrone Blackwood", born=BORN)
    b = person("Tyrone Blackwood", born=BORN)
    assert score(a, b).score >= DEFAULT.match


def test_thresholds_verdict():
    t = Thresholds(match=0.9, possible=0.5)
    assert [t.verdict(v) for v in (0.95, 0.9, 0.6, 0.1)] == ["match", "match", "possible", "none"]


# --- blocking ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("William Smith", BORN), ("Bill Smith", None)),
        (("Margaret Olson", None), ("Peggy Olson", None)),
        (("Mohammed Rashid", None), ("Muhammad Rashid", None)),
        (("Juan Garcia Lopez", None), ("Juan Lopez", None)),
        (("Minh Nguyen", None), ("Nguyen Minh", None)),
        (("John Smith", BORN), ("Smith", BORN)),
        (("John Smith", BORN), ("Jhon Smith", BORN)),
        (("John Smith", BORN), ("John Smtih", BORN)),
        (("Kimberly Underwood", None), ("Kimberly Underwod", None)),
        (("Pham Thu Thao", BORN), ("Pham", BORN)),
    ],
)
def test_variants_share_a_blocking_key(a, b):
    assert blocking_keys(person(a[0], born=a[1])) & blocking_keys(person(b[0], born=b[1]))


def test_blocking_keys_are_few_and_do_not_join_different_people():
    keys = blocking_keys(person("Juan Carlos Garcia Lopez", born=BORN))
    assert 1 <= len(keys) <= 12
    assert not keys & blocking_keys(person("Maria Fernandez", born=date(1990, 1, 1)))


def test_blocking_recall_on_generated_hard_variants():
    records = variants.hard_set(random.Random(11), 2000)
    keys = [blocking_keys(prepare(r.person)) for r in records]
    originals = {r.entity_id: i for i, r in enumerate(records) if r.variant_type == "original"}
    pairs = [(originals[r.entity_id], i) for i, r in enumerate(records) if r.variant_type in variants.VARIANT_TYPES]
    shared = sum(1 for a, b in pairs if keys[a] & keys[b])
    assert len(pairs) > 400
    assert shared / len(pairs) >= 0.97


def test_name_keys_are_the_stored_name_pair_keys_that_name_counts_count():
    for record in variants.hard_set(random.Random(5), 200):
        p = prepare(record.person)
        assert name_keys(p) == {k for k in blocking_keys(p) if k.startswith("n:")}


# --- stored form ---------------------------------------------------------------------------------------


def test_dumps_is_compact_and_loads_gives_the_same_record():
    p = person("Bill J. Smyth", "William Smith", born=BORN)
    text = dumps(p)
    assert text == "n1|19840312|bill/j/smyth;william//smith"
    assert loads(text) == p


def test_loads_refuses_an_unknown_format():
    with pytest.raises(ValueError, match="Unknown prepared-name format"):
        loads("n9||john//smith")


_people = st.builds(
    lambda seed: variants.hard_set(random.Random(seed), 8),
    st.integers(min_value=0, max_value=10_000),
)


@settings(max_examples=60, deadline=None)
@given(_people)
def test_round_trip_and_symmetry_on_generated_people(records):
    prepared = [prepare(r.person) for r in records]
    for p in prepared:
        assert loads(dumps(p)) == p
    for a in prepared:
        for b in prepared:
            forward, backward = score(a, b), score(b, a)
            assert 0.0 <= forward.score <= 1.0
            assert forward.score == pytest.approx(backward.score, abs=1e-3)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40), st.dates(), st.dates())
def test_any_text_and_date_prepares_and_scores(one, other, born, other_born):
    a, b = person(one, born=born), person(other, born=other_born)
    assert 0.0 <= score(a, b).score <= 1.0
    assert loads(dumps(a)) == a
    assert len(blocking_keys(b)) <= 12


def test_importable_without_django_settings():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys; from accord.deconfliction import names, normalize, variants; "
        "assert 'django.conf' not in sys.modules or not __import__('django.conf').conf.settings.configured"
    )
    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, env=env)
