"""What a token may be used for. Each API view names the one scope it needs; a token lacking it gets 403."""

from __future__ import annotations

from django.db import models


class Scope(models.TextChoices):
    REFERRALS_READ = "referrals:read", "Read referrals"
    REFERRALS_WRITE = "referrals:write", "Create, accept, decline and complete referrals"
    SERVICES_READ = "services:read", "Read services delivered to clients you may see"
    SERVICES_WRITE = "services:write", "Record services delivered to your own clients"
    DIRECTORY_READ = "directory:read", "Read the directory and find help"
    DIRECTORY_WRITE = "directory:write", "Update your organization's service availability"
    GOVERNANCE_READ = "governance:read", "Read meetings, action items and agreements"
    GOVERNANCE_WRITE = "governance:write", "Close action items you own"
    INVESTIGATIONS_READ = "investigations:read", "Read investigations shared with you"
    DECONFLICTION_READ = "deconfliction:read", "Read deconfliction hits and your targets"
    OUTREACH_READ = "outreach:read", "Read trainings"
    REPORTING_READ = "reporting:read", "Read indicators, figures (as the dashboards show them) and your report packs"
    REPORTING_WRITE = "reporting:write", "Generate report packs"
    EXPORTS_READ = "exports:read", "Download exports (HSDS directory, link-chart CSV, calendar)"
