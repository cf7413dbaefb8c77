"""Governance pages: each view parses, asks access.py for the object, calls an action, renders."""
