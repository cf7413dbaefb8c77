"""Small-cell suppression: no shown count is small, and no hidden small count can be narrowed down from what is
shown. Checked with ranges computed independently (an LP solved by networkx's network simplex, and exhaustive
search over tiny tables), never with the module's own flow code alone."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.core.models import TaskForce
from accord.reporting import privacy
from accord.reporting.privacy import (
    COUNT,
    DEFAULT_K,
    GRAND,
    UNBOUNDED,
    ProtectedTable,
    feasible_range,
    open_table,
    protect_counts,
    protect_table,
    threshold,
)

Counts = dict[tuple[str, str], int]

# --- An independent model of the reader ------------------------------------------------------------------------


def _entries(rows: tuple[str, ...], cols: tuple[str, ...]) -> list[tuple[tuple[str, str], str, str]]:
    """Every cell and total as (key, from-node, to-node): each row node gets its total and gives its cells."""
    out = [((r, c), f"r:{r}", f"c:{c}") for r in rows for c in cols]
    out += [(("row", r), "row-totals", f"r:{r}") for r in rows]
    out += [(("col", c), f"c:{c}", "col-totals") for c in cols]
    return [*out, (GRAND, "col-totals", "row-totals")]


def _true_values(counts: Counts, rows: tuple[str, ...], cols: tuple[str, ...]) -> dict[tuple[str, str], int]:
    values = {(r, c): counts.get((r, c), 0) for r in rows for c in cols}
    values |= {("row", r): sum(values[(r, c)] for c in cols) for r in rows}
    values |= {("col", c): sum(values[(r, c)] for r in rows) for c in cols}
    return values | {GRAND: sum(values[("row", r)] for r in rows)}


def _lp_range(
    entries: list[tuple[tuple[str, str], str, str]],
    bounds: Mapping[tuple[str, str], tuple[int, int | None]],
    target: tuple[str, str],
    cap: int,
) -> tuple[int, int]:
    """(min, min(max, cap)) of the target over all tables within the bounds (None: no upper bound)."""
    ends = []
    for sign in (1, -1):
        graph = nx.DiGraph()
        for key, u, v in entries:
            graph.add_node(u, demand=graph.nodes.get(u, {}).get("demand", 0))
            graph.add_node(v, demand=graph.nodes.get(v, {}).get("demand", 0))
            lo, hi = bounds[key]
            hi = min(hi, cap) if key == target and hi is not None else cap if key == target else hi
            graph.nodes[u]["demand"] += lo  # the lower bound is sent regardless: u sends it, v receives it
            graph.nodes[v]["demand"] -= lo
            attrs = {"weight": sign if key == target else 0}
            if hi is not None:
                attrs["capacity"] = hi - lo
            graph.add_edge(u, v, **attrs)
        _cost, flow = nx.network_simplex(graph)
        key, u, v = next(e for e in entries if e[0] == target)
        ends.append(bounds[target][0] + flow[u][v])
    return ends[0], ends[1]


def _published_bounds(table: ProtectedTable) -> dict[tuple[str, str], tuple[int, int | None]]:
    """What a reader knows of each entry: a shown number; "<k" is 1..k-1; a "*" cell is k or more; a hidden
    total is 1 or more."""
    k, bounds = table.k, dict[tuple[str, str], tuple[int, int | None]]()
    for key, value in table.cells.items():
        bounds[key] = (value, value) if value is not None else (1, k - 1) if key in table.primary else (k, None)
    totals = {("row", r): n for r, n in table.row_totals.items()} | {("col", c): n for c, n in table.col_totals.items()}
    for key, value in (totals | {GRAND: table.total}).items():
        bounds[key] = (value, value) if value is not None else (1, None)
    return bounds


def _label_bounds(
    values: Mapping[tuple[str, str], int], totals: set[tuple[str, str]], k: int, known: frozenset = frozenset()
) -> dict[tuple[str, str], tuple[int, int | None]]:
    """What the labels (and the totals known from elsewhere) alone say, every other non-zero entry hidden: the
    most a reader could ever be left with."""
    bounds: dict[tuple[str, str], tuple[int, int | None]] = {}
    for key, x in values.items():
        if x == 0 or (key in known and x >= k):
            bounds[key] = (x, x)
        else:
            bounds[key] = (1, None) if key in totals else (1, k - 1) if x < k else (k, None)
    return bounds


def _is_total(key: tuple[str, str], table: ProtectedTable) -> bool:
    return key not in table.cells


def _assert_protected(
    counts: Counts, rows: tuple[str, ...], cols: tuple[str, ...], k: int, known: frozenset = frozenset()
) -> ProtectedTable:
    table = protect_table(counts, rows, cols, k, known_totals=known)
    values = _true_values(counts, rows, cols)
    entries = _entries(rows, cols)
    published = _published_bounds(table)
    labels = _label_bounds(values, set(_totals(rows, cols)), k, known)
    assert all(published[key][0] == published[key][1] for key in known if values[key] >= k), "a known total hidden"
    for key, _u, _v in entries:
        shown = published[key]
        if shown[0] == shown[1]:
            assert not 0 < values[key] < k, f"{key} = {values[key]} is shown"
            assert shown[0] == values[key], f"{key} is shown as {shown[0]}, not its true value {values[key]}"
            continue
        assert values[key] != 0, f"a zero ({key}) was hidden"
        if 0 < values[key] < k:
            # The rule: as uncertain as the labels alone leave it, up to k-1 for a cell and k for a total.
            top = k if _is_total(key, table) else k - 1
            assert _lp_range(entries, published, key, top) == _lp_range(entries, labels, key, top), key
            if not _is_total(key, table) and not known:
                assert _lp_range(entries, published, key, top) == (1, k - 1), key
    return table


# --- Property-based tests --------------------------------------------------------------------------------------


@st.composite
def tables(draw: st.DrawFn, max_side: int = 8) -> tuple[Counts, tuple[str, ...], tuple[str, ...], int]:
    k = draw(st.sampled_from([3, 5, DEFAULT_K]))
    rows = tuple(f"r{i}" for i in range(draw(st.integers(1, max_side))))
    cols = tuple(f"c{j}" for j in range(draw(st.integers(1, max_side))))
    value = st.one_of(st.just(0), st.integers(1, k - 1), st.integers(k, k + 3), st.integers(k + 4, 400))
    counts = {(r, c): draw(value) for r in rows for c in cols}
    return counts, rows, cols, k


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_small_count_is_shown_and_none_hidden_can_be_narrowed(case: tuple) -> None:
    counts, rows, cols, k = case
    _assert_protected(counts, rows, cols, k)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(max_side=6), st.data())
def test_totals_known_from_elsewhere_stay_shown_and_the_rule_holds_given_them(case: tuple, data: st.DataObject) -> None:
    counts, rows, cols, k = case
    known = frozenset(data.draw(st.sets(st.sampled_from(_totals(rows, cols)))))
    _assert_protected(counts, rows, cols, k, known)


@settings(max_examples=60, deadline=None)
@given(tables(max_side=3))
def test_feasible_range_agrees_with_an_independent_lp(case: tuple) -> None:
    counts, rows, cols, k = case
    table = protect_table(counts, rows, cols, k)
    entries = _entries(rows, cols)
    published = _published_bounds(table)
    cap = 10 * (sum(counts.values()) + k)
    for key, _u, _v in entries:
        lo, hi = feasible_range(table, key)
        assert (lo, min(hi, cap)) == _lp_range(entries, published, key, cap), key


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 2),
    st.integers(1, 3),
    st.lists(st.integers(0, 5), min_size=6, max_size=6),
)
def test_feasible_range_agrees_with_exhaustive_search(m: int, n: int, pool: list[int]) -> None:
    """Tiny tables, k=3: try every value of every hidden cell (totals follow from the cells)."""
    k, rows, cols = 3, tuple(f"r{i}" for i in range(m)), tuple(f"c{j}" for j in range(n))
    counts = {(r, c): pool[i * n + j] for i, r in enumerate(rows) for j, c in enumerate(cols)}
    table = protect_table(counts, rows, cols, k)
    hidden = [key for key, value in table.cells.items() if value is None]
    cap = 2 * max(pool) + 3 * k  # no extreme needs a hidden cell beyond this
    choices = [range(1, k) if key in table.primary else range(k, cap + 1) for key in hidden]
    seen: dict[tuple[str, str], set[int]] = {key: set() for key in [*table.cells, *_totals(rows, cols)]}
    totals = [(key, _published_bounds(table)[key][1]) for key in _totals(rows, cols)]
    shown_totals = [(key, value) for key, value in totals if value is not None]
    for guess in itertools.product(*choices):
        cells = {key: table.cells[key] or 0 for key in table.cells} | dict(zip(hidden, guess, strict=True))
        values = _true_values(cells, rows, cols)
        if all(values[key] == shown for key, shown in shown_totals):
            for key, value in values.items():
                seen[key].add(value)
    for key in hidden:
        lo, hi = feasible_range(table, key)
        if key in table.primary:
            assert (lo, hi) == (min(seen[key]), max(seen[key])) == (1, k - 1)
        else:
            assert lo == min(seen[key])
    for key, shown in totals:
        if shown is None:
            lo, hi = feasible_range(table, key)
            assert (lo, min(hi, k)) == (min(seen[key]), min(max(seen[key]), k))


def _totals(rows: tuple[str, ...], cols: tuple[str, ...]) -> list[tuple[str, str]]:
    return [*(("row", r) for r in rows), *(("col", c) for c in cols), GRAND]


@settings(max_examples=40, deadline=None)
@given(tables(max_side=6))
def test_same_input_same_output(case: tuple) -> None:
    counts, rows, cols, k = case
    reordered = dict(reversed(list(counts.items())))
    assert protect_table(counts, rows, cols, k) == protect_table(reordered, rows, cols, k)


# --- Examples --------------------------------------------------------------------------------------------------


def test_a_small_cell_is_hidden_with_the_cheapest_rectangle_and_totals_stay() -> None:
    counts = {("a", "x"): 3, ("a", "y"): 50, ("b", "x"): 60, ("b", "y"): 70}
    table = protect_table(counts, ["a", "b"], ["x", "y"], k=11)
    assert table.primary == {("a", "x")}
    assert table.complementary == {("a", "y"), ("b", "x"), ("b", "y")}
    assert [table.display("a", "x"), table.display("a", "y")] == ["<11", "*"]
    assert (table.row_totals, table.col_totals, table.total) == ({"a": 53, "b": 130}, {"x": 63, "y": 120}, 183)
    assert table.display_total(row="a") == "53" and table.display_total() == "183"
    assert feasible_range(table, ("a", "x")) == (1, 10)
    assert feasible_range(table, ("a", "y")) == (43, 52)
    assert feasible_range(table, ("row", "a")) == (53, 53)


def test_a_complement_too_close_to_k_is_not_enough() -> None:
    """3 beside 12 in a row totalling 15: hiding the 12 alone would tell a reader the 3 is at most 4."""
    counts = {("a", "x"): 3, ("a", "y"): 12, ("b", "x"): 14, ("b", "y"): 70}
    table = protect_table(counts, ["a", "b"], ["x", "y"], k=11)
    assert feasible_range(table, ("a", "x")) == (1, 10)
    assert None in (table.row_totals["a"], table.col_totals["x"])


def test_a_grand_total_published_elsewhere_is_never_a_complement() -> None:
    """{3, 12}: with the total known to be 15, the 12 must be hidden, and the reader still learns the 3 is at
    most 4: that much follows from the known total and the labels alone (decision record 0008)."""
    table = protect_counts({"a": 3, "b": 12}, k=11, known_totals=[GRAND])
    assert table.total == 15 and table.cells[("b", COUNT)] is None
    assert feasible_range(table, ("a", COUNT)) == (1, 4)
    assert protect_counts({"a": 3, "b": 12}, k=11).total is None  # without it, the total is what gets hidden
    with pytest.raises(ValueError, match="no total"):
        protect_counts({"a": 3}, k=11, known_totals=[("row", "z")])


def test_zeros_are_shown_and_never_hidden() -> None:
    table = protect_table({("a", "x"): 0, ("a", "y"): 4, ("b", "x"): 0, ("b", "y"): 40}, ["a", "b"], ["x", "y"], k=11)
    assert table.cells[("a", "x")] == 0 and table.cells[("b", "x")] == 0
    assert table.col_totals["x"] == 0 and table.display_total(col="x") == "0"
    assert feasible_range(table, ("a", "y")) == (1, 10)


def test_a_small_total_is_hidden_and_shown_as_a_star() -> None:
    table = protect_counts({"north": 3, "south": 0}, k=11)
    assert table.cols == (COUNT,) and table.row_totals["north"] is None
    assert table.total is None and table.display_total() == "*"
    assert table.display("north", COUNT) == "<11" and table.display("south", COUNT) == "0"
    assert feasible_range(table, GRAND) == (1, 10)  # it is the one small count; the reader knew that anyway


def test_protect_counts_hides_the_total_when_the_only_complement_cannot_move() -> None:
    """{3, 11}: the 11 cannot go lower, so only hiding the total keeps the 3 from being worked out."""
    table = protect_counts({"a": 3, "b": 11}, k=11)
    assert table.cells[("b", COUNT)] == 11 and table.total is None
    assert feasible_range(table, ("a", COUNT)) == (1, 10)
    assert feasible_range(table, GRAND) == (12, 21)


def test_a_large_table_keeps_most_numbers() -> None:
    rows, cols = [f"r{i}" for i in range(30)], [f"c{j}" for j in range(30)]
    counts = {(r, c): (i * 7 + j * 13) % 97 for i, r in enumerate(rows) for j, c in enumerate(cols)}
    table = protect_table(counts, rows, cols, k=11)
    shown = [v for v in table.cells.values() if v is not None]
    assert all(v == 0 or v >= 11 for v in shown)
    assert len(shown) > 700  # of 900: complements are few in a table this size


def test_an_unbounded_complement_reports_unbounded() -> None:
    table = protect_counts({"a": 3, "b": 11}, k=11)
    assert feasible_range(table, ("row", "b")) == (11, 11)
    big = protect_table({("a", "x"): 3, ("a", "y"): 12, ("b", "x"): 14, ("b", "y"): 70}, ["a", "b"], ["x", "y"], 11)
    assert any(feasible_range(big, key)[1] == UNBOUNDED for key in big.complementary)


@pytest.mark.django_db
def test_open_table_hides_nothing() -> None:
    table = open_table({("a", "x"): 3, ("a", "y"): 1}, ["a"], ["x", "y"])
    assert table.cells == {("a", "x"): 3, ("a", "y"): 1} and table.total == 4
    assert not table.suppressed_any and table.display("a", "y") == "1"


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({("a", "x"): -1}, "zero or more"),
        ({("a", "x"): 1.5}, "whole numbers"),
        ({("z", "x"): 1}, "not in the table"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(counts: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        protect_table(counts, ["a"], ["x"], k=11)


@pytest.mark.django_db
def test_k_is_the_task_forces_and_never_under_3() -> None:
    assert threshold() == DEFAULT_K
    TaskForce.objects.update(suppression_threshold=5)
    assert threshold() == 5
    assert protect_counts({"a": 7, "b": 20}).primary == frozenset()
    TaskForce.objects.update(suppression_threshold=2)
    assert threshold() == 3
    with pytest.raises(ValueError, match="at least 3"):
        protect_counts({"a": 1}, k=1)


def test_duplicate_labels_are_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        privacy.protect_table({}, ["a", "a"], ["x"], k=11)


def test_an_empty_table_is_all_zeros() -> None:
    table = protect_table({}, ["a"], ["x"], k=11)
    assert table.cells == {("a", "x"): 0} and table.total == 0 and not table.suppressed_any
    assert protect_counts({}, k=11).total == 0
