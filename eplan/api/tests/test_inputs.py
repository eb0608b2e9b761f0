"""Every body the API takes refuses fields it does not know, so a caller's typo or a field
of another endpoint is answered with 422 naming it instead of being dropped in silence."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _schemas_of(node, components, seen):
    """Every object schema a body reaches, following $ref, arrays and maps."""
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                yield name, components[name]
                yield from _schemas_of(components[name], components, seen)
            return
        for value in node.values():
            yield from _schemas_of(value, components, seen)
    elif isinstance(node, list):
        for value in node:
            yield from _schemas_of(value, components, seen)


def test_every_request_body_forbids_unknown_fields():
    spec = Client().get("/api/v1/openapi.json").json()
    components = spec["components"]["schemas"]
    bodies = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                bodies.append((f"{method.upper()} {path}", body["schema"]))
    assert len(bodies) >= 10
    lax = sorted(
        {
            f"{where}: {name}"
            for where, schema in bodies
            for name, found in _schemas_of(schema, components, set())
            if "properties" in found and found.get("additionalProperties") is not False
        }
    )
    assert lax == [], "bodies that would drop unknown fields (use eplan.core.api_schemas.InputSchema):\n" + "\n".join(
        lax
    )
