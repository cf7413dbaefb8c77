"""Small-cell suppression for everything that leaves an organization (decision record 0008).

A table of counts is released with its row totals, column totals and grand total. Every count from 1 to k-1 is
hidden ("primary", shown "<k"); then further entries are hidden ("complementary", shown "*") until the numbers
still shown tell a reader nothing about a hidden small count that its label did not already say.

The reader is modelled exactly. The table with its totals is a circulation on a small graph (a node per row, a
node per column, one for the row of column totals, one for the column of row totals; every cell and total is an
edge). What is published bounds each edge: a shown number fixes it; "<k" puts a cell in 1..k-1; a "*" cell is k
or more (complements are never zero or small, and the method is public); a hidden total ("*") is 1 or more,
small or not. The constraints form a network matrix, so the integer range of an entry equals its linear
programming range, and each end of it is one maximum flow.
"""

from __future__ import annotations

import sys
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from heapq import heappop, heappush

DEFAULT_K = 11
COUNT = "count"  # the single column of protect_counts
UNBOUNDED = sys.maxsize  # feasible_range's upper end when nothing published bounds the entry
_INF = 10**15  # "no upper bound" as an edge capacity: far above any count

Cell = tuple[str, str]
# feasible_range also takes a total: ("row", r), ("col", c) or GRAND.
GRAND = ("total", "")


def threshold() -> int:
    """The task force's k (the coordinator sets it; assessment and outreach use the same one), never under 3."""
    from accord.core.models import TaskForce

    return max(TaskForce.current().suppression_threshold, 3)


@dataclass(frozen=True)
class ProtectedTable:
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    cells: dict[Cell, int | None]  # None = suppressed
    row_totals: dict[str, int | None]
    col_totals: dict[str, int | None]
    total: int | None
    primary: frozenset[Cell]  # cells suppressed for being 1..k-1
    complementary: frozenset[Cell]  # cells suppressed so that the primary ones cannot be narrowed down
    k: int

    def display(self, r: str, c: str) -> str:
        return f"<{self.k}" if (r, c) in self.primary else _shown(self.cells[(r, c)])

    def display_total(self, row: str | None = None, col: str | None = None) -> str:
        """The total of ``row``, of ``col``, or (neither given) the grand total. A hidden total is "*", small
        or not: a reader cannot tell which."""
        if row is not None:
            return _shown(self.row_totals[row])
        return _shown(self.col_totals[col] if col is not None else self.total)

    @property
    def suppressed_any(self) -> bool:
        totals = (self.total, *self.row_totals.values(), *self.col_totals.values())
        return bool(self.primary or self.complementary) or None in totals


def _shown(value: int | None) -> str:
    return "*" if value is None else str(value)


# --- The extended table as a graph ---------------------------------------------------------------------------


class _Layout:
    """The table with its totals as edges u -> v of a circulation graph.

    Nodes: row i is i, the row of column totals is m, column j is m+1+j, the column of row totals is m+n+1.
    Entries (edges) in order: cells row by row, row totals, column totals, the grand total; ties break that way.
    """

    def __init__(self, rows: tuple[str, ...], cols: tuple[str, ...]) -> None:
        self.rows, self.cols = rows, cols
        m, n = len(rows), len(cols)
        self.nodes = m + n + 2
        self.ends = [(i, m + 1 + j) for i in range(m) for j in range(n)]
        self.ends += [(m + n + 1, i) for i in range(m)] + [(m + 1 + j, m) for j in range(n)] + [(m, m + n + 1)]

    def cell_keys(self) -> list[Cell]:
        return [(r, c) for r in self.rows for c in self.cols]

    def total_index(self, key: tuple[str, str]) -> int:
        cells, m = len(self.rows) * len(self.cols), len(self.rows)
        if key == GRAND:
            return len(self.ends) - 1
        if key[0] == "row" and key[1] in self.rows:
            return cells + self.rows.index(key[1])
        if key[0] == "col" and key[1] in self.cols:
            return cells + m + self.cols.index(key[1])
        raise ValueError(f"The table has no total {key!r}.")


class _Flow:
    """A residual graph for integer maximum flow and (with costs) cheapest augmenting paths."""

    def __init__(self, nodes: int) -> None:
        self.adj: list[list[int]] = [[] for _ in range(nodes)]
        self.to: list[int] = []
        self.cap: list[int] = []
        self.cost: list[int] = []
        self.entry: list[int] = []  # which table entry an arc moves (-1 for helper arcs)

    def arc(self, u: int, v: int, cap: int, cost: int = 0, entry: int = -1) -> None:
        for a, b, c, w in ((u, v, cap, cost), (v, u, 0, -cost)):
            self.adj[a].append(len(self.to))
            self.to.append(b)
            self.cap.append(c)
            self.cost.append(w)
            self.entry.append(entry)

    def entry_arcs(self, u: int, v: int, up: int, down: int, cost: int, entry: int) -> None:
        """Raising a table entry moves flow u -> v, lowering it v -> u; four arcs from index 4 * (its order)."""
        self.arc(u, v, up, cost, entry)
        self.arc(v, u, down, cost, entry)

    def max_flow(self, s: int, t: int, limit: int = _INF) -> int:
        """Push up to ``limit`` units from s to t along shortest augmenting paths; return the amount pushed."""
        adj, to, cap = self.adj, self.to, self.cap  # locals: this loop is the hot path
        pushed = 0
        while pushed < limit:
            back = [-1] * len(adj)
            back[s] = -2
            queue = deque([s])
            while queue and back[t] == -1:
                for a in adj[queue.popleft()]:
                    if cap[a] > 0 and back[to[a]] == -1:
                        back[to[a]] = a
                        queue.append(to[a])
            if back[t] == -1:
                break
            pushed += self._augment(s, t, back, limit - pushed)
        return pushed

    def small_flow(self, s: int, t: int, need: int) -> int:
        """Like ``max_flow`` for a small ``need`` (under k), finding each path depth first: in the dense graphs of
        hidden cells a path is usually found after a few arcs, where a breadth-first search scans most of them.
        Each path carries at least one unit, so there are at most ``need`` of them."""
        adj, to, cap = self.adj, self.to, self.cap
        pushed = 0
        while pushed < need:
            back = [-1] * len(adj)
            back[s] = -2
            stack = [s]
            while stack and back[t] == -1:
                for a in adj[stack.pop()]:
                    if cap[a] > 0 and back[to[a]] == -1:
                        back[to[a]] = a
                        stack.append(to[a])
            if back[t] == -1:
                break
            pushed += self._augment(s, t, back, need - pushed)
        return pushed

    def cheapest_flow(self, s: int, t: int, amount: int) -> int:
        """Successive cheapest paths: Dijkstra with potentials (all costs start non-negative), stopped at t."""
        potential = [0] * len(self.adj)
        pushed = 0
        while pushed < amount:
            dist = [_INF] * len(self.adj)
            back = [-1] * len(self.adj)
            dist[s], back[s] = 0, -2
            heap = [(0, s)]
            while heap:
                d, u = heappop(heap)
                if u == t:
                    break
                if d > dist[u]:
                    continue
                for a in self.adj[u]:
                    if self.cap[a] > 0:
                        v = self.to[a]
                        nd = d + self.cost[a] + potential[u] - potential[v]
                        if nd < dist[v]:
                            dist[v], back[v] = nd, a
                            heappush(heap, (nd, v))
            if back[t] == -1:
                break
            # Nodes settled beyond t keep reduced costs non-negative when capped at t's distance.
            potential = [p + min(d, dist[t]) for p, d in zip(potential, dist, strict=True)]
            pushed += self._augment(s, t, back, amount - pushed)
        return pushed

    def _augment(self, s: int, t: int, back: list[int], limit: int) -> int:
        path, v = [], t
        while v != s:
            path.append(back[v])
            v = self.to[back[v] ^ 1]
        amount = min(limit, *(self.cap[a] for a in path))
        for a in path:
            self.cap[a] -= amount
            self.cap[a ^ 1] += amount
        return amount

    def used_entries(self) -> set[int]:
        """Entries whose arcs carry flow (a flow arc's twin, at odd index, has gained capacity)."""
        return {self.entry[a - 1] for a in range(1, len(self.cap), 2) if self.cap[a] > 0 and self.entry[a] >= 0}


def _label(value: int, cell: bool, small: bool, k: int) -> tuple[int, int]:
    """What the label of a hidden entry tells a reader: "<k" is 1..k-1, a "*" cell is k or more, a "*" total is 1
    or more. A zero is always shown."""
    if value == 0:
        return 0, 0
    if not cell:
        return 1, _INF
    return (1, k - 1) if small else (k, _INF)


def _range(layout: _Layout, point: list[int], lows: list[int], highs: list[int], e: int) -> tuple[int, int]:
    """The range of entry e over every table within the bounds, given one such table ``point``.

    Raising e by t needs t units back from its head to its tail through the other entries' slack (and lowering
    it, the reverse): each end is one maximum flow in the residual graph without e.
    """
    u, v = layout.ends[e]
    moves = []
    for src, dst, room in ((v, u, highs[e] - point[e]), (u, v, point[e] - lows[e])):
        flow = _Flow(layout.nodes)
        for f, (a, b) in enumerate(layout.ends):
            if f != e:
                flow.entry_arcs(a, b, highs[f] - point[f], point[f] - lows[f], 0, f)
        moves.append(flow.max_flow(src, dst, room))
    hi = point[e] + moves[0]
    return point[e] - moves[1], UNBOUNDED if hi >= _INF // 2 else hi


# --- Building tables -------------------------------------------------------------------------------------------


def _values(counts: Mapping[Cell, int], rows: tuple[str, ...], cols: tuple[str, ...]) -> tuple[_Layout, list[int]]:
    """Check the input and list the value of every entry of the table with its totals, in layout order."""
    if len(set(rows)) != len(rows) or len(set(cols)) != len(cols):
        raise ValueError("Row and column labels must be unique.")
    unknown = [key for key in counts if key[0] not in rows or key[1] not in cols]
    if unknown:
        raise ValueError(f"Counts given for rows or columns that are not in the table: {unknown[:3]}.")
    if any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in counts.values()):
        raise ValueError("Counts must be whole numbers, zero or more.")
    layout = _Layout(rows, cols)
    cells = [counts.get((r, c), 0) for r in rows for c in cols]
    n = len(cols)
    row_totals = [sum(cells[i * n : i * n + n]) for i in range(len(rows))]
    col_totals = [sum(cells[j::n]) for j in range(n)]
    return layout, [*cells, *row_totals, *col_totals, sum(cells)]


def _table(layout: _Layout, values: list[int], hidden: set[int], k: int) -> ProtectedTable:
    rows, cols, cells = layout.rows, layout.cols, len(layout.rows) * len(layout.cols)
    shown = [None if e in hidden else x for e, x in enumerate(values)]
    keys = [(r, c) for r in rows for c in cols]
    return ProtectedTable(
        rows=rows,
        cols=cols,
        cells=dict(zip(keys, shown[:cells], strict=True)),
        row_totals=dict(zip(rows, shown[cells : cells + len(rows)], strict=True)),
        col_totals=dict(zip(cols, shown[cells + len(rows) : -1], strict=True)),
        total=shown[-1],
        primary=frozenset(keys[e] for e in hidden if e < cells and values[e] < k),
        complementary=frozenset(keys[e] for e in hidden if e < cells and values[e] >= k),
        k=k,
    )


def open_table(
    counts: Mapping[Cell, int], rows: Sequence[str], cols: Sequence[str], k: int | None = None
) -> ProtectedTable:
    """The same shape with nothing suppressed: for an organization looking at its own data."""
    layout, values = _values(counts, tuple(rows), tuple(cols))
    return _table(layout, values, set(), threshold() if k is None else k)


def protect_counts(
    counts: Mapping[str, int], k: int | None = None, *, known_totals: Iterable[Cell] = ()
) -> ProtectedTable:
    """A one-dimensional list of counts, as a table with the single column "count" and its total."""
    return protect_table(
        {(key, COUNT): n for key, n in counts.items()}, list(counts), [COUNT], k, known_totals=known_totals
    )


def protect_table(
    counts: Mapping[Cell, int],
    rows: Sequence[str],
    cols: Sequence[str],
    k: int | None = None,
    *,
    known_totals: Iterable[Cell] = (),
) -> ProtectedTable:
    """Hide the small counts, then the cheapest further entries until no small count can be narrowed down.

    The rule (decision record 0008): a hidden small cell can, given everything published, still be any of
    1..k-1; a hidden small total can still be any value from the least its cells' labels allow up to k. Both are
    what the labels alone allow (every shown number replaced by "k or more"), so hiding every non-zero entry
    meets the rule; hiding more only widens ranges, so the greedy loop below ends, with the rule met.

    ``known_totals`` (("row", r), ("col", c), GRAND) are published elsewhere, e.g. the same grand total in
    another table of the same people: they are never hidden as complements, and the labels are taken to come
    with them (a reader who has them may learn what they imply; nothing more).
    """
    k = threshold() if k is None else k
    if not isinstance(k, int) or isinstance(k, bool) or k < 3:
        raise ValueError("The suppression threshold k must be a whole number of at least 3.")
    layout, values = _values(counts, tuple(rows), tuple(cols))
    cells = len(layout.rows) * len(layout.cols)
    primary = [e for e, x in enumerate(values) if 0 < x < k]
    hidden = set(primary)
    known = {layout.total_index(key) for key in known_totals}
    # What the labels alone would allow, were every non-zero entry hidden but the known totals: the most a table
    # can leave unknown.
    bounds = [(x, x) if e in known and x >= k else _label(x, e < cells, x < k, k) for e, x in enumerate(values)]
    lows, highs = [lo for lo, _ in bounds], [hi for _, hi in bounds]
    # Cheapest to hide: small cells first. A total costs more than any flow (at most k-1 units) over cells alone,
    # so one is hidden only when cells cannot give the room: it is the headline number.
    weight = k * sum(values[:cells]) + 1
    full = _Flow(layout.nodes)
    for e, (a, b) in enumerate(layout.ends):
        price = 0 if e in hidden else values[e] if e < cells else weight + values[e]
        full.entry_arcs(a, b, highs[e] - values[e], values[e] - lows[e], price, e)
    full_caps = full.cap[:]
    room, room_caps, room_arcs = _hidden_graph(layout, full_caps, hidden)
    for p in primary:
        u, v = layout.ends[p]
        top = k - 1 if p < cells else k
        # Raising p moves flow from its head back to its tail round cycles of other hidden entries; lowering it,
        # from tail to head. Where they cannot carry it, hide the cheapest entries that can, as far as the labels
        # alone allow (a cheapest flow of that size over every non-zero entry).
        for src, dst, need in ((v, u, top - values[p]), (u, v, values[p] - 1)):
            if need <= 0 or _pushes(room, room_caps, room_arcs[p], src, dst, need) >= need:
                continue
            full.cap[:] = full_caps
            full.cap[4 * p : 4 * p + 4] = [0, 0, 0, 0]
            full.cheapest_flow(src, dst, need)
            more = full.used_entries() - hidden
            if more:
                hidden |= more
                for e in more:
                    full.cost[4 * e : 4 * e + 4] = [0, 0, 0, 0]
                room, room_caps, room_arcs = _hidden_graph(layout, full_caps, hidden)
    return _table(layout, values, hidden, k)


def _hidden_graph(layout: _Layout, caps: list[int], hidden: set[int]) -> tuple[_Flow, list[int], dict[int, int]]:
    """The residual graph of the hidden entries alone (``caps``: every entry's slack, four arcs each)."""
    room = _Flow(layout.nodes)
    first: dict[int, int] = {}
    for e in sorted(hidden):
        first[e] = len(room.to)
        a, b = layout.ends[e]
        room.entry_arcs(a, b, caps[4 * e], caps[4 * e + 2], 0, e)
    return room, room.cap[:], first


def _pushes(room: _Flow, caps: list[int], skip: int, src: int, dst: int, need: int) -> int:
    room.cap[:] = caps
    room.cap[skip : skip + 4] = [0, 0, 0, 0]
    return room.small_flow(src, dst, need)


# --- What a reader can work out --------------------------------------------------------------------------------


def feasible_range(table: ProtectedTable, cell: Cell) -> tuple[int, int]:
    """The reader's interval for a cell, or a total (("row", r), ("col", c), GRAND), of a published table.

    Uses only what is published: the shown numbers, the labels and the sums. A shown entry's range is itself.
    The upper end is ``UNBOUNDED`` when nothing published bounds the entry.
    """
    layout = _Layout(table.rows, table.cols)
    cells = len(table.rows) * len(table.cols)
    shown = [
        *(table.cells[(r, c)] for r in table.rows for c in table.cols),
        *(table.row_totals[r] for r in table.rows),
        *(table.col_totals[c] for c in table.cols),
        table.total,
    ]
    keys = layout.cell_keys()
    bounds = [
        (x, x) if x is not None else _label(1, e < cells, e < cells and keys[e] in table.primary, table.k)
        for e, x in enumerate(shown)
    ]
    lows, highs = [lo for lo, _ in bounds], [hi for _, hi in bounds]
    target = keys.index(cell) if cell in table.cells else layout.total_index(cell)
    if shown[target] is not None:
        return shown[target], shown[target]  # type: ignore[return-value]
    return _range(layout, _feasible_point(layout, lows, highs), lows, highs, target)


def _feasible_point(layout: _Layout, lows: list[int], highs: list[int]) -> list[int]:
    """Some table consistent with everything published, by the textbook reduction: start every entry at its lower
    bound and route each node's imbalance from a super source to a super sink."""
    flow = _Flow(layout.nodes + 2)
    source, sink = layout.nodes, layout.nodes + 1
    excess = [0] * layout.nodes
    for e, (u, v) in enumerate(layout.ends):
        flow.arc(u, v, highs[e] - lows[e])
        excess[v] += lows[e]
        excess[u] -= lows[e]
    for node, x in enumerate(excess):
        flow.arc(*((source, node, x) if x > 0 else (node, sink, -x)))
    if flow.max_flow(source, sink) < sum(x for x in excess if x > 0):
        raise ValueError("The published table is inconsistent: no counts fit its numbers and labels.")
    return [lows[e] + flow.cap[2 * e + 1] for e in range(len(layout.ends))]
