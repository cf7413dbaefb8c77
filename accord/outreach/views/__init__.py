"""Outreach views: trainings and attendance, member records and the network, engagement, the library."""
