"""Inclusion tags for reporting pages: a figure's table and the trend chart (SVG with its data table)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("reporting/_figure_table.html")
def figure_table(view: Any, caption: str = "") -> dict[str, Any]:
    return {"view": view, "caption": caption or view.indicator.name}


@register.inclusion_tag("reporting/_trend.html")
def trend_chart(chart: dict[str, Any], points: list[Any], name: str) -> dict[str, Any]:
    return {"chart": chart, "points": points, "name": name}
