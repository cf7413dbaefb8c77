"""The synthetic people generator: reproducible, realistic, and its variants are what their labels say."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

from accord.deconfliction import normalize, variants
from accord.deconfliction.names import parse_name


def words(name: str) -> list[str]:
    return name.replace("-", " ").replace(",", " ").replace(".", "").lower().split()


def by_entity(records):
    originals = {r.entity_id: r for r in records if r.variant_type == "original"}
    return [(originals[r.entity_id], r) for r in records if r.variant_type in variants.VARIANT_TYPES]


def test_same_seed_same_people():
    assert variants.generate_people(300, random.Random(4)) == variants.generate_people(300, random.Random(4))
    assert variants.generate_people(300, random.Random(4)) != variants.generate_people(300, random.Random(5))


def test_same_seed_same_people_in_another_process():
    """Draws must not follow set order, which changes with each process's string hashing."""
    code = (
        "import random; from accord.deconfliction import variants; print(variants.hard_set(random.Random(1), 400)[-1])"
    )
    root = Path(__file__).resolve().parents[3]
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code], cwd=root, env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True, text=True, check=True,
        ).stdout
        for seed in ("1", "2")
    }  # fmt: skip
    assert len(outputs) == 1


def test_generate_people_makes_originals_then_variants_and_relatives():
    records = variants.generate_people(5000, random.Random(1), duplicate_rate=0.2, relative_rate=0.05)
    kinds = Counter(r.variant_type for r in records)
    assert kinds["original"] == 5000
    assert 800 < sum(kinds[k] for k in variants.VARIANT_TYPES) < 1200
    assert 150 < kinds["relative"] < 350
    assert [r.record_id for r in records] == list(range(len(records)))
    relatives = [r for r in records if r.variant_type == "relative"]
    assert all(r.entity_id >= 5000 for r in relatives)  # a relative is another person


def test_name_frequencies_are_realistic():
    records = variants.generate_people(20_000, random.Random(2), duplicate_rate=0)
    surnames = Counter(parse_name(r.person.names[0]).surnames[-1].text for r in records if r.person.names[0])
    top, count = surnames.most_common(1)[0]
    assert top in {"smith", "garcia", "johnson"}
    assert 0.004 < count / len(records) < 0.02  # Smith is 0.8% of US residents
    assert len(surnames) > 5000  # a long tail
    pools = Counter(r.pool for r in records)
    assert 0.15 < pools["hispanic"] / len(records) < 0.23
    assert {"arabic", "slavic", "vietnamese", "chinese"} <= set(pools)


def test_hard_set_pairs_are_labelled_with_what_changed():
    records = variants.hard_set(random.Random(3), 4000)
    pairs = by_entity(records)
    assert Counter(d.variant_type for _, d in pairs).keys() == set(variants.NAME_VARIANT_TYPES)
    for original, duplicate in pairs:
        a, b = original.person, duplicate.person
        kind = duplicate.variant_type
        if kind == "missing_dob":
            assert a.date_of_birth and b.date_of_birth is None
        elif kind == "missing_given":
            assert set(words(b.names[0])) < set(words(a.names[0])) and b.date_of_birth == a.date_of_birth
        elif kind == "dob_typo":
            assert sorted(words(a.names[0])) == sorted(words(b.names[0])) and a.date_of_birth != b.date_of_birth
        elif kind == "year_only":
            assert b.date_of_birth == a.date_of_birth.replace(month=1, day=1) != a.date_of_birth
        else:
            assert sorted(words(a.names[0])) != sorted(words(b.names[0])) or kind in ("swapped", "double_surname")
            assert a.date_of_birth == b.date_of_birth


def test_hard_set_has_singletons_and_relatives():
    records = variants.hard_set(random.Random(3), 4000)
    per_entity = Counter(r.entity_id for r in records)
    assert sum(1 for n in per_entity.values() if n == 1) > 1500
    assert any(r.variant_type == "relative" for r in records)


def test_nickname_and_double_surname_variants():
    records = variants.hard_set(random.Random(6), 4000)
    for original, duplicate in by_entity(records):
        a, b = parse_name(original.person.names[0]), parse_name(duplicate.person.names[0])
        if duplicate.variant_type == "nickname":
            assert a.surnames[-1] == b.surnames[-1] and a.given != b.given
        if duplicate.variant_type == "double_surname":
            assert set(words(duplicate.person.names[0])) <= set(words(original.person.names[0]))
            assert len(words(original.person.names[0])) >= 3


def test_duplicates_carry_the_same_phone_and_plate_written_another_way():
    records = variants.generate_people(4000, random.Random(8), duplicate_rate=0.5)
    checked = 0
    for original, duplicate in by_entity(records):
        if duplicate.phone:
            assert normalize.phone(duplicate.phone).value == normalize.phone(original.phone).value
            checked += 1
        if duplicate.plate:
            assert duplicate.plate_state == original.plate_state
            same = normalize.plate(duplicate.plate, duplicate.plate_state).value
            assert same == normalize.plate(original.plate, original.plate_state).value
    assert checked > 300


def test_dob_typo_is_one_slip():
    rng = random.Random(9)
    for _ in range(500):
        born = variants.date.fromordinal(rng.randint(700_000, 733_000))
        typo = variants._dob_typo(born, rng)
        a, b = born.strftime("%Y%m%d"), typo.strftime("%Y%m%d")
        differing = [i for i in range(8) if a[i] != b[i]]
        assert typo != born
        assert len(differing) <= 4  # a digit, two swapped digits, or day and month swapped
