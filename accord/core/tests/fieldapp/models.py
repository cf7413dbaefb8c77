"""A model that exists only in the test database, to exercise the encrypted field type and blind index."""

from django.db import models

from accord.core.crypto import EncryptedCharField, EncryptedTextField, blind_index


class Dossier(models.Model):
    label = models.CharField(max_length=50)
    name = EncryptedCharField(max_length=100, blank=True)
    notes = EncryptedTextField(blank=True)
    name_index = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        app_label = "fieldapp"

    def save(self, *args, **kwargs):  # test helper only; real apps compute indexes in actions
        self.name_index = blind_index(self.name, purpose="dossier.name") if self.name else ""
        super().save(*args, **kwargs)
