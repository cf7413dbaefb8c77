"""The partner network: who works with whom, from the survey and from the records, per twelve-month period.

Ties come from five sources, all between organizations and all counted by the database, never case content:
the network survey (one organization's rating of another, when they work together at all), referrals sent
(sender to recipient; accepted ones counted too), investigations shared (owning agency to the agency or office
it is shared with: a count only), joint trainings (organizations with named attendees at the same training) and
meeting co-attendance (organizations present at the same governance meeting). networkx computes the measures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx

from accord.assessment.models import Frequency, TieRating
from accord.assessment.queries import Period, in_window, organizations, survey_for
from accord.core.models import Lane
from accord.governance.models import Attendance
from accord.investigations.models import InvestigationShare
from accord.outreach.models import TrainingAttendee
from accord.referrals.models import Referral, State

SOURCES = {
    "survey": "Survey",
    "referrals": "Referrals",
    "shares": "Shared investigations",
    "trainings": "Joint trainings",
    "meetings": "Meetings together",
}
SENT = [State.SENT, State.ACCEPTED, State.DECLINED, State.COMPLETED]


@dataclass
class Network:
    period: Period
    directed: nx.DiGraph
    graph: nx.Graph
    measures: dict[str, float | int] = field(default_factory=dict)
    isolated: list[str] = field(default_factory=list)
    central: list[dict[str, Any]] = field(default_factory=list)


def _directed_ties(window: Period) -> Counter[tuple[int, int, str]]:
    ties: Counter[tuple[int, int, str]] = Counter()
    survey = survey_for(window)
    if survey is not None:
        rated = TieRating.objects.filter(survey=survey, frequency__gt=Frequency.NEVER).values_list("rater", "rated")
        for rater, rated_org in rated:
            ties[(rater, rated_org, "survey")] += 1
    referrals = (
        Referral.objects.filter(in_window(window, "sent_at"), state__in=SENT)
        .values_list("sender", "recipient")
        .order_by()
    )
    for sender, recipient in referrals:
        if sender != recipient:
            ties[(sender, recipient, "referrals")] += 1
    shares = InvestigationShare.objects.filter(in_window(window, "shared_at")).values_list(
        "investigation__owner", "organization"
    )
    for owner, organization in shares:
        if owner != organization:
            ties[(owner, organization, "shares")] += 1
    return ties


def _co_presence(window: Period) -> Counter[tuple[int, int, str]]:
    """Organizations together at the same training or meeting: one tie per pair and occasion."""
    together: Counter[tuple[int, int, str]] = Counter()
    occasions = [
        (
            "trainings",
            TrainingAttendee.objects.filter(in_window(window, "training__starts_at"), training__is_cancelled=False)
            .values_list("training", "organization")
            .distinct(),
        ),
        (
            "meetings",
            Attendance.objects.filter(in_window(window, "meeting__starts_at"), meeting__is_cancelled=False)
            .values_list("meeting", "organization")
            .distinct(),
        ),
    ]
    for source, rows in occasions:
        present: dict[int, set[int]] = defaultdict(set)
        for occasion, organization in rows.order_by():
            present[occasion].add(organization)
        for organizations_there in present.values():
            for a, b in combinations(sorted(organizations_there), 2):
                together[(a, b, source)] += 1
    return together


def build(window: Period) -> Network:
    members = organizations()
    directed = nx.DiGraph()
    graph = nx.Graph()
    for org in members:
        attrs = {"label": org.short_name or org.name, "name": org.name, "lane": org.lane}
        directed.add_node(org.pk, **attrs)
        graph.add_node(org.pk, **attrs)
    known = set(directed.nodes)
    for (a, b, source), count in (_directed_ties(window) + _co_presence(window)).items():
        if a not in known or b not in known:
            continue
        if source in {"survey", "referrals", "shares"}:
            directed.add_edge(a, b)
        edge = graph.get_edge_data(a, b) or {}
        edge[source] = edge.get(source, 0) + count
        graph.add_edge(a, b, **edge)
    network = Network(window, directed, graph)
    _measure(network)
    return network


def _measure(network: Network) -> None:
    g = network.graph
    edges = g.number_of_edges()
    across = sum(1 for a, b in g.edges if g.nodes[a]["lane"] != g.nodes[b]["lane"])
    network.isolated = sorted(g.nodes[n]["name"] for n in nx.isolates(g))
    network.measures = {
        "organizations": g.number_of_nodes(),
        "ties": edges,
        "density": round(nx.density(g), 3) if g.number_of_nodes() > 1 else 0.0,
        "reciprocity": round(nx.reciprocity(network.directed), 3) if network.directed.number_of_edges() else 0.0,
        "isolated": len(network.isolated),
        "across_lanes": round(across / edges, 3) if edges else 0.0,
    }
    degree = nx.degree_centrality(g) if g.number_of_nodes() > 1 else {}
    betweenness = nx.betweenness_centrality(g) if g.number_of_nodes() > 2 else {}
    ranked = sorted(g.nodes, key=lambda n: (-degree.get(n, 0), g.nodes[n]["name"]))
    network.central = [
        {
            "name": g.nodes[n]["name"],
            "lane": dict(Lane.choices).get(g.nodes[n]["lane"], ""),
            "ties": g.degree(n),
            "degree": round(degree.get(n, 0), 3),
            "betweenness": round(betweenness.get(n, 0), 3),
        }
        for n in ranked
    ]


MEASURE_LABELS = {
    "organizations": "Member organizations",
    "ties": "Ties between organizations",
    "density": "Density (share of possible ties that exist)",
    "reciprocity": "Reciprocity (share of one-way ties returned)",
    "isolated": "Isolated members (no tie at all)",
    "across_lanes": "Share of ties across lanes",
}


def change(current: Network, previous: Network) -> list[dict[str, Any]]:
    rows = []
    for key, label in MEASURE_LABELS.items():
        now, before = current.measures[key], previous.measures[key]
        rows.append({"key": key, "label": label, "now": now, "before": before, "change": round(now - before, 3)})
    return rows


def elements(network: Network) -> list[dict[str, Any]]:
    """Cytoscape.js elements: organizations (coloured by lane) and ties (width by strength)."""
    g = network.graph
    nodes = [
        {"data": {"id": f"o{n}", "label": a["label"], "lane": a["lane"], "isolated": g.degree(n) == 0}}
        for n, a in g.nodes(data=True)
    ]
    edges = [
        {"data": {"id": f"t{a}-{b}", "source": f"o{a}", "target": f"o{b}", "weight": sum(attrs.values())}}
        for a, b, attrs in g.edges(data=True)
    ]
    return nodes + edges


def tie_table(network: Network) -> list[dict[str, Any]]:
    g = network.graph
    rows = [
        {
            "a": g.nodes[a]["name"],
            "b": g.nodes[b]["name"],
            "counts": [attrs.get(source, 0) for source in SOURCES],
            "total": sum(attrs.values()),
        }
        for a, b, attrs in g.edges(data=True)
    ]
    return sorted(rows, key=lambda r: (-r["total"], r["a"], r["b"]))
