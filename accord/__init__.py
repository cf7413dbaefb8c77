"""Accord: a platform for multidisciplinary anti-human-trafficking task forces."""
