"""The browsable API documentation page, built from the API's own OpenAPI document.

Rendering the schema on the server keeps the page free of JavaScript and of assets from the web
(the stock documentation pages load both), and it cannot drift from the API: it is the schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from localsdg.api.api import api

SCHEMA_PATH = "/api/v1/openapi.json"
EXAMPLES = {"slug": "tokyo", "number": "11", "release_id": "1", "id": "1"}
CODE_EXAMPLES = (("/api/v1/targets/", "11.6"), ("/api/v1/indicators/", "1.a.1"), ("", "11-6-2"))


@dataclass(frozen=True)
class ParamDoc:
    name: str
    location: str
    type: str
    required: bool


@dataclass(frozen=True)
class FieldDoc:
    name: str
    type: str
    required: bool


@dataclass(frozen=True)
class ResponseDoc:
    status: str
    description: str
    type: str
    fields: tuple[FieldDoc, ...]


@dataclass(frozen=True)
class OperationDoc:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    needs_key: bool
    params: tuple[ParamDoc, ...]
    body: tuple[FieldDoc, ...]
    responses: tuple[ResponseDoc, ...]
    curl: str


@dataclass(frozen=True)
class ApiDocsPage:
    title: str
    version: str
    description: str
    schema_url: str
    base_url: str
    operations: tuple[OperationDoc, ...]


def ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_label(schema: dict[str, Any]) -> str:
    """A short human reading of a JSON schema: ``array of SeriesOut``, ``integer or null``."""
    if "$ref" in schema:
        return ref_name(schema["$ref"])
    if "anyOf" in schema:
        return " or ".join(type_label(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"array of {type_label(schema.get('items', {}))}"
    if kind == "object" and "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        return f"object of {type_label(extra) if isinstance(extra, dict) else 'any'}"
    if schema.get("format") == "binary":
        return "file"
    return str(kind)


def component_of(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any] | None:
    """The object schema a response is made of (through one array level), if it is named."""
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    if "$ref" in schema:
        found = components.get(ref_name(schema["$ref"]))
        return found if isinstance(found, dict) else None
    return schema if schema.get("type") == "object" and "properties" in schema else None


def fields_of(schema: dict[str, Any] | None) -> tuple[FieldDoc, ...]:
    if not schema:
        return ()
    required = set(schema.get("required", []))
    return tuple(
        FieldDoc(name, type_label(prop), name in required)
        for name, prop in schema.get("properties", {}).items()
    )


def curl_line(method: str, path: str, base_url: str, needs_key: bool) -> str:
    def example(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "code":
            return next(v for start, v in CODE_EXAMPLES if path.startswith(start))
        return EXAMPLES.get(name, name)

    url = base_url.rstrip("/") + re.sub(r"\{(\w+)\}", example, path)
    if method == "GET":
        return f"curl {url}"
    key = ' -H "Authorization: Bearer $LOCALSDG_API_KEY"' if needs_key else ""
    return f"curl -X {method}{key} -F format=csv -F file=@data.csv -F dry_run=true {url}"


def operation_doc(
    method: str, path: str, op: dict[str, Any], components: dict[str, Any], base_url: str
) -> OperationDoc:
    params = tuple(
        ParamDoc(p["name"], p["in"], type_label(p.get("schema", {})), bool(p.get("required")))
        for p in op.get("parameters", [])
    )
    body: tuple[FieldDoc, ...] = ()
    for content in op.get("requestBody", {}).get("content", {}).values():
        body = fields_of(component_of(content.get("schema", {}), components))
    responses = []
    answers = {str(status): answer for status, answer in op.get("responses", {}).items()}
    for status, answer in sorted(answers.items()):
        schema = answer.get("content", {}).get("application/json", {}).get("schema", {})
        component = component_of(schema, components)
        responses.append(
            ResponseDoc(
                status=status,
                description=answer.get("description", ""),
                type=type_label(schema) if schema else "",
                fields=fields_of(component) if status.startswith("2") else (),
            )
        )
    needs_key = bool(op.get("security"))
    anchor = f"{method.lower()}-{re.sub(r'[^a-z0-9]+', '-', path.lower()).strip('-')}"
    return OperationDoc(
        anchor=anchor,
        method=method,
        path=path,
        summary=op.get("summary", ""),
        description=op.get("description", ""),
        needs_key=needs_key,
        params=params,
        body=body,
        responses=tuple(responses),
        curl=curl_line(method, path, base_url, needs_key),
    )


def api_docs_page(base_url: str) -> ApiDocsPage:
    """Every operation of the API, in the order the schema lists them."""
    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    operations = tuple(
        operation_doc(method.upper(), path, op, components, base_url)
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    )
    info = schema["info"]
    return ApiDocsPage(
        title=info["title"],
        version=info["version"],
        description=info.get("description", ""),
        schema_url=SCHEMA_PATH,
        base_url=base_url.rstrip("/"),
        operations=operations,
    )
