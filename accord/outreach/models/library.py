"""The materials library (versioned documents and talking points the training committee approves) and the
glossary of common terminology."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accord.core.models import TimestampedModel, User


class MaterialKind(models.TextChoices):
    DOCUMENT = "document", "Document"
    TALKING_POINTS = "talking_points", "Talking points"
    FACT_SHEET = "fact_sheet", "Fact sheet"
    SLIDES = "slides", "Slide deck"
    CURRICULUM = "curriculum", "Curriculum"
    POSTER = "poster", "Poster or flyer"


class MaterialUse(models.TextChoices):
    TASK_FORCE = "task_force", "Task-force use (under the task force's name)"
    MEMBER_AGENCY = "member_agency", "Member-agency use (under an agency's own name)"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Awaiting approval"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned for changes"


class Material(TimestampedModel):
    """A document or set of talking points. People outside the training committee see only approved versions."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=MaterialKind.choices)
    use = models.CharField(
        "Marked for",
        max_length=16,
        choices=MaterialUse.choices,
        default=MaterialUse.TASK_FORCE,
        help_text="The training committee decides when task-force and when member-agency materials are used.",
    )
    summary = models.TextField(blank=True)
    is_retired = models.BooleanField("Retired", default=False, help_text="No longer used; kept for the record.")
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outreach:material_detail", args=[self.pk])


class MaterialVersion(models.Model):
    """One version: a file (kept by accord.core.uploads, served only by an authorised view) and/or text."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField("Text (talking points)", blank=True)
    note = models.CharField(max_length=200, blank=True, help_text="What changed in this version.")
    storage_name = models.CharField(max_length=200, blank=True, editable=False)
    original_name = models.CharField(max_length=160, blank=True, editable=False)
    content_type = models.CharField(max_length=120, blank=True, editable=False)
    size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)
    reviewed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    review_note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["material", "number"], name="outreach_material_version_unique"),
            models.CheckConstraint(
                condition=~Q(storage_name="", text=""),
                name="outreach_material_version_has_content",
                violation_error_message="A version needs a file or text.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.material} v{self.number}"

    @property
    def has_file(self) -> bool:
        return bool(self.storage_name)

    @property
    def is_approved(self) -> bool:
        return self.status == ReviewStatus.APPROVED


class GlossaryTerm(TimestampedModel):
    """A term and the definition everyone in the task force uses."""

    term = models.CharField(max_length=120, unique=True)
    definition = models.TextField()
    source = models.CharField(max_length=300, blank=True, help_text="Where the definition comes from, if anywhere.")
    updated_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+", editable=False)

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term
