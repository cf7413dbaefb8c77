"""Turning ids from a request into reporting objects for the people allowed to reach them.

A generated pack is opened by whoever requested it; the coordinator also opens every task-force pack (their
figures are suppressed). An organization's pack holds unsuppressed counts and stays with its requester.
Missing and not-yours both answer 404. Pack templates and the registry are read by everyone signed in; only
the coordinator edits them (403 for others).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accord.core.models import User
from accord.reporting.models import GeneratedPack, Indicator, PackItem, PackTemplate
from accord.reporting.queries import can_edit_registry, packs_for


def get_pack_for(user: User, pack_id: int) -> GeneratedPack:
    pack = packs_for(user).filter(pk=pack_id).first()
    if pack is None:
        raise Http404("No such report pack.")
    return pack


def get_template(template_id: int) -> PackTemplate:
    template = PackTemplate.objects.filter(pk=template_id).first()
    if template is None:
        raise Http404("No such pack template.")
    return template


def _editable(user: User) -> None:
    if not can_edit_registry(user):
        raise PermissionDenied("Only the coordinator can change this.")


def get_indicator_for_edit(user: User, indicator_id: int) -> Indicator:
    _editable(user)
    indicator = Indicator.objects.filter(pk=indicator_id).first()
    if indicator is None:
        raise Http404("No such indicator.")
    return indicator


def get_item_for_edit(user: User, item_id: int) -> PackItem:
    _editable(user)
    item = PackItem.objects.select_related("template").filter(pk=item_id).first()
    if item is None:
        raise Http404("No such pack item.")
    return item
