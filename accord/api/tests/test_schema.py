"""The committed OpenAPI schema (docs/api/openapi.yaml) is what the code generates: a change to the API without
regenerating it fails here. Regenerate with: .venv/bin/python manage.py spectacular --file docs/api/openapi.yaml"""

from __future__ import annotations

from pathlib import Path

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi.yaml"


def generated() -> str:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return OpenApiYamlRenderer().render(schema, renderer_context={}).decode()


def test_committed_schema_is_current():
    assert COMMITTED.read_text() == generated(), (
        "docs/api/openapi.yaml is stale: run `.venv/bin/python manage.py spectacular --file docs/api/openapi.yaml`"
    )


def test_every_operation_documents_the_problem_format():
    import yaml

    schema = yaml.safe_load(COMMITTED.read_text())
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code in ("401", "403", "404"):
                assert "application/problem+json" in operation["responses"][code]["content"], (method, path, code)
