"""The directory list's filter (one form serves the page and the printable directory)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from accord.core.models import Lane, Organization
from accord.directory.models import Area, ServiceCategory


class DirectoryFilter(forms.Form):
    q = forms.CharField(required=False, label="Name contains")
    service = forms.ModelChoiceField(queryset=ServiceCategory.objects.all(), required=False, empty_label="Any service")
    county = forms.ModelChoiceField(queryset=Area.objects.all(), required=False, empty_label="Any area", label="Serves")
    lane = forms.ChoiceField(choices=[("", "Any lane"), *Lane.choices], required=False)

    def filter(self, organizations: QuerySet[Organization]) -> QuerySet[Organization]:
        if not self.is_valid():
            return organizations
        data: dict[str, Any] = self.cleaned_data
        if data.get("q"):
            organizations = organizations.filter(Q(name__icontains=data["q"]) | Q(short_name__icontains=data["q"]))
        if data.get("lane"):
            organizations = organizations.filter(lane=data["lane"])
        if data.get("service"):
            organizations = organizations.filter(
                directory_offerings__category=data["service"], directory_offerings__is_active=True
            )
        if data.get("county"):
            area = data["county"]
            statewide = Area.objects.filter(kind=Area.Kind.STATEWIDE)
            organizations = organizations.filter(
                Q(directory_profile__areas=area)
                | Q(directory_profile__areas__in=statewide)
                | Q(directory_offerings__areas=area)
                | Q(directory_offerings__areas__in=statewide)
            )
        return organizations.distinct()
