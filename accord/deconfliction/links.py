"""Link analysis over what a user may see: their agency's investigations and those shared with it.

Nodes are investigations, people and identifiers (phones, e-mails, addresses, vehicles, handles, adverts,
businesses). The same normalized identifier in two investigations is one node, which is how a chart shows
that cases touch. Two people in different investigations who the matcher says are likely one person are
joined by a "likely same person" link with its score. Clusters are networkx's connected components.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from accord.core.exports import safe_cell
from accord.core.models import User
from accord.deconfliction import names
from accord.deconfliction.models import Kind, Settings, Target, TargetKey
from accord.investigations.models import Investigation

MAX_NODES = 2_000  # beyond this a chart is unreadable; the page says to narrow to one investigation


@dataclass
class Graph:
    graph: nx.Graph
    clusters: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False

    @property
    def node_count(self) -> int:
        return int(self.graph.number_of_nodes())

    @property
    def edge_count(self) -> int:
        return int(self.graph.number_of_edges())


def build(user: User, investigation_id: int | None = None) -> Graph:
    investigations = Investigation.objects.visible_to(user).select_related("owner")
    if investigation_id:
        investigations = investigations.filter(pk=investigation_id)
    cases = {inv.pk: inv for inv in investigations}
    targets = list(
        Target.objects.active()
        .filter(investigation_id__in=cases)
        .only("kind", "value", "normalized", "profile", "investigation_id", "person_id", "date_of_birth")
        .order_by("pk")[:MAX_NODES]
    )
    digests = dict(TargetKey.objects.filter(target__in=targets, exact=True).values_list("target_id", "digest"))
    g = nx.Graph()
    for inv in cases.values():
        g.add_node(
            f"inv:{inv.pk}", type="investigation", label=f"{inv.case_number} ({inv.owner.short_name or inv.owner})"
        )
    node_of: dict[int, str] = {}
    people: list[Target] = []
    for target in targets:
        if target.kind == Kind.PERSON:
            node = f"person:{target.pk}"
            label = target.value + (f" (born {target.date_of_birth})" if target.date_of_birth else "")
            g.add_node(node, type="person", label=label)
            people.append(target)
        else:
            # The keyed hash of the normalized value: one node for one identifier, however it was typed.
            node = f"{target.kind}:{digests.get(target.pk, str(target.pk))[:24]}"
            g.add_node(node, type=target.kind, label=target.normalized or target.value)
        node_of[target.pk] = node
        g.add_edge(f"inv:{target.investigation_id}", node, relation="in investigation")
    for target in targets:
        if target.person_id in node_of:
            g.add_edge(node_of[target.person_id], node_of[target.pk], relation="uses")
    _link_same_people(g, people)
    for node in list(g.nodes):
        if g.degree(node) == 0 and node.startswith("inv:"):
            g.remove_node(node)  # an investigation with no targets tells the chart nothing
    return Graph(g, _clusters(g), truncated=len(targets) >= MAX_NODES)


def _link_same_people(g: nx.Graph, people: list[Target]) -> None:
    """Join people of different investigations whom the matcher scores at or above the hit threshold."""
    settings = Settings.current()
    thresholds = names.Thresholds(match=settings.match_threshold, possible=settings.possible_threshold)
    prepared = {p.pk: names.loads(p.profile) for p in people if p.profile}
    by_key: dict[str, list[Target]] = defaultdict(list)
    for person in people:
        if person.pk in prepared:
            for key in names.blocking_keys(prepared[person.pk]):
                by_key[key].append(person)
    compared: set[tuple[int, int]] = set()
    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                pair = (min(a.pk, b.pk), max(a.pk, b.pk))
                if a.investigation_id == b.investigation_id or pair in compared:
                    continue
                compared.add(pair)
                match = names.score(prepared[a.pk], prepared[b.pk])
                if thresholds.verdict(match.score) == "match":
                    g.add_edge(f"person:{a.pk}", f"person:{b.pk}", relation="likely same person", score=match.score)


def _clusters(g: nx.Graph) -> list[dict[str, Any]]:
    """Connected groups, largest first; those spanning several investigations are the ones to look at."""
    found = []
    for number, members in enumerate(sorted(nx.connected_components(g), key=len, reverse=True), start=1):
        cases = sorted(g.nodes[n]["label"] for n in members if n.startswith("inv:"))
        for node in members:
            g.nodes[node]["cluster"] = number
        found.append({"number": number, "size": len(members), "investigations": cases})
    return found


def elements(graph: Graph) -> list[dict[str, Any]]:
    """Cytoscape.js elements: nodes then edges."""
    g = graph.graph
    nodes = [{"data": {"id": n, **attrs}} for n, attrs in g.nodes(data=True)]
    edges = [
        {"data": {"id": f"e{i}", "source": a, "target": b, **attrs}}
        for i, (a, b, attrs) in enumerate(g.edges(data=True))
    ]
    return nodes + edges


def entities_csv(graph: Graph) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "type", "label", "cluster"])
    for node, attrs in graph.graph.nodes(data=True):
        writer.writerow([safe_cell(node), attrs["type"], safe_cell(attrs["label"]), attrs.get("cluster", "")])
    return out.getvalue()


def links_csv(graph: Graph) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["source", "target", "relation", "score"])
    for a, b, attrs in graph.graph.edges(data=True):
        score = attrs.get("score")
        writer.writerow([safe_cell(a), safe_cell(b), attrs["relation"], f"{score:.3f}" if score is not None else ""])
    return out.getvalue()
