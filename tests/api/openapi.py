"""Check a response against the API's own OpenAPI document (JSON Schema 2020-12)."""

import jsonschema
from django.urls import reverse


def response_schema(document, path, status="200"):
    operation = document["paths"][path]["get"]
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    # "#/components/..." references resolve against a root that holds the components.
    return {**schema, "components": document["components"]}


def assert_valid(client, response, path, status="200"):
    document = client.get(reverse("api_v1:openapi-json")).json()
    jsonschema.Draft202012Validator(response_schema(document, path, status)).validate(
        response.json()
    )
