"""The working file of a case: timeline events, tasks, documents and case review items."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from accord.core.crypto import EncryptedTextField
from accord.investigations.models.base import TaskStatus, not_future
from accord.investigations.models.cases import CaseRecord


class TimelineEvent(CaseRecord):
    occurred_on = models.DateField()
    title = models.CharField(max_length=200, help_text="What happened, in a few words. No names of victims.")
    details = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["occurred_on", "pk"]

    def __str__(self) -> str:
        return f"Timeline event {self.pk} of investigation {self.investigation_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        not_future(self.occurred_on, "occurred_on", errors)
        if errors:
            raise ValidationError(errors)


class TaskQuerySet(models.QuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        return self.filter(status=TaskStatus.OPEN)


class Task(CaseRecord):
    title = models.CharField(max_length=200)
    due_on = models.DateField(null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    # Set on tasks a job creates (e.g. a renewal reminder), so the job never creates the same one twice.
    source_key = models.CharField(max_length=80, null=True, blank=True, unique=True, editable=False)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_on", "pk"]

    def __str__(self) -> str:
        return f"Task {self.pk} of investigation {self.investigation_id}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.assigned_to_id and self.assigned_to is not None:
            allowed = {self.investigation.owner_id}
            allowed |= set(self.investigation.shares.active().values_list("organization_id", flat=True))
            if self.assigned_to.organization_id not in allowed:
                errors["assigned_to"] = "Assign it to someone in an organization working this investigation."
        if self.status == TaskStatus.DONE and not self.completed_on:
            errors["completed_on"] = "Give the date it was done."
        if errors:
            raise ValidationError(errors)


class Document(CaseRecord):
    title = models.CharField(max_length=200)
    storage_name = models.CharField(max_length=200, editable=False)
    original_name = models.CharField(max_length=160, editable=False)
    content_type = models.CharField(max_length=120, editable=False)
    size = models.PositiveIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Document {self.pk} of investigation {self.investigation_id}"


class CaseReviewItem(CaseRecord):
    """What a case brings to a multidisciplinary case review: only the fields chosen for sharing, frozen."""

    meeting_on = models.DateField(verbose_name="meeting date")
    shared_fields = models.JSONField(default=list, editable=False)
    content = models.JSONField(default=dict, editable=False)
    note = models.TextField(
        blank=True,
        verbose_name="note for the meeting",
        help_text="Written for everyone at the meeting: no names, no addresses, no tactics.",
    )

    class Meta:
        ordering = ["-meeting_on", "-pk"]

    def __str__(self) -> str:
        return f"Case review item {self.pk} of investigation {self.investigation_id}"
