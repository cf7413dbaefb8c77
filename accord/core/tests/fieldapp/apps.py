from django.apps import AppConfig


class FieldAppConfig(AppConfig):
    name = "accord.core.tests.fieldapp"
    label = "fieldapp"
