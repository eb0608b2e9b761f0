"""What the OpenAPI document promises of every operation (issue 12, part 8): a description
in Thai and in English (one convention: Thai first, then a last paragraph "English: …",
eplan.core.api_schemas.described); every list paginated the one way (page, page_size up to
a maximum; items, count, page, page_size) unless it is bounded by what it belongs to; the
lists of organisations' things filterable by area."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

API = "/api/v1"
THAI = re.compile(r"[\u0e00-\u0e7f]")
LATIN = re.compile(r"[A-Za-z]{3,}")

# Lists bounded by what they belong to, answered whole as arrays.
WHOLE_LISTS = {
    "GET /provinces",
    "GET /cycles",
    "GET /plans/{organisation}/{cycle}/items",
    "GET /plans/{organisation}/{cycle}/versions",
    "GET /reporting/rounds",
    "GET /me/worklist",
    "GET /open-data",  # the catalogue: a few datasets per cycle, fiscal year and round
}
# Lists of organisations' things: filterable by region, province and district.
BY_AREA = {
    "GET /organisations",
    "GET /plans",
    "GET /status",
    "GET /announcements/{cycle}/{number}/entries",
    "GET /assessment/queue",
    "GET /reporting/completeness",
    "GET /reporting/missing",
    "GET /visits",
    "GET /recommendations",
}


@pytest.fixture
def spec():
    return Client().get(f"{API}/openapi.json").json()


def operations(spec):
    for path, found in spec["paths"].items():
        for method, operation in found.items():
            yield f"{method.upper()} {path.removeprefix(API)}", operation


def _schema(spec, operation):
    response = operation["responses"].get("200") or operation["responses"].get("201") or {}
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def test_every_operation_is_described_in_thai_and_in_english(spec):
    missing = []
    for name, operation in operations(spec):
        summary = operation.get("summary", "")
        thai, _sep, english = operation.get("description", "").rpartition("\n\nEnglish: ")
        if not (THAI.search(summary) and THAI.search(thai) and LATIN.search(english) and not THAI.search(english)):
            missing.append(name)
    assert missing == [], "operations without a Thai summary and a Thai and English description:\n" + "\n".join(missing)


def test_every_list_is_paginated_the_same_way_unless_bounded_by_its_owner(spec):
    arrays, pages = set(), {}
    for name, operation in operations(spec):
        schema = _schema(spec, operation)
        if schema.get("type") == "array":
            arrays.add(name)
        elif set(schema.get("properties", {})) >= {"items", "count"}:
            parameters = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "query"}
            pages[name] = (sorted(schema["properties"]), parameters["page_size"]["schema"])
    assert arrays <= WHOLE_LISTS, "lists answered whole (paginate them with core.api_schemas.Pages):\n" + "\n".join(
        sorted(arrays - WHOLE_LISTS)
    )
    assert len(pages) >= 10
    for name, (fields, page_size) in pages.items():
        assert fields == ["count", "items", "page", "page_size"], name
        found = page_size.get("anyOf", [page_size])[0]
        assert (found["minimum"], found["maximum"]) == (1, 1000), name


def test_the_lists_of_organisations_things_take_an_area(spec):
    found = dict(operations(spec))
    for name in BY_AREA:
        parameters = {p["name"] for p in found[name].get("parameters", [])}
        assert {"region", "province", "district"} <= parameters, name
