"""The API's edges: unknown paths, wrong methods, HEAD, NUL bytes and the schema."""

import json
import re

import pytest
from django.test import Client
from openapi_spec_validator import validate

from .conftest import detail

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_validates_and_lists_every_endpoint(synced):
    response = Client().get("/api/v1/openapi.json")
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/cards", "/api/v1/me/due", "/api/v1/quizzes/{public_id}/ratings"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schema["paths"]["/api/v1/cards"]["get"]["security"] == [{"TokenAuth": []}, {}]


def test_the_docs_page_loads_its_scripts_from_this_site(synced):
    response = Client().get("/api/v1/docs")
    body = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', body)  # nothing from another site
    assert "script-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", body, re.S)
    code = [attributes for attributes, text in scripts if "application/json" not in attributes]
    assert code and all("src=" in attributes for attributes in code)  # no inline script for the CSP to refuse
    assert all(not text.strip() for attributes, text in scripts if "src=" in attributes)


def test_the_docs_page_is_one_of_the_sites_pages(synced):
    body = Client().get("/api/v1/docs").content.decode()
    assert 'class="site-header"' in body and "/static/css/site.css" in body and "/static/css/api-docs.css" in body
    settings = json.loads(
        re.search(r'<script id="swagger-settings" type="application/json">(.*?)</script>', body).group(1)
    )
    assert settings["url"] == "/api/v1/openapi.json"
    assert settings["validatorUrl"] is None  # Swagger's badge would load from validator.swagger.io
    assert 'href="/api/v1/docs"' in Client().get("/").content.decode()  # linked from every page's footer


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/nothing", "/api/v1/cards/indexes/extra", "/api/v1/me/x"])
def test_an_unknown_endpoint_is_a_json_404(path):
    response = Client().get(path)
    assert response.status_code == 404
    assert "/api/v1/docs" in detail(response)


def test_a_wrong_method_is_a_json_405_saying_which_to_use(synced):
    response = Client().delete("/api/v1/cards")
    assert response.status_code == 405
    assert detail(response) == "DELETE is not allowed here; use GET."
    assert response["Allow"] == "GET"


def test_head_answers_like_get_without_a_body(synced):
    response = Client().head("/api/v1/cards")
    assert response.status_code == 200 and response.content == b""


def test_a_nul_character_is_refused_as_json(synced):
    response = Client().get("/api/v1/cards", {"q": "a\x00b"})
    assert response.status_code == 400
    assert "NUL character" in detail(response)


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b"[]",
        b'"text"',
        b"null",
        json.dumps({"rating": "3"}).encode(),
        b'{"rating": 3, "token": "a\\u0000bcdefgh"}',
    ],
)
def test_bad_json_bodies_are_400_with_a_message(api, synced, body):
    response = api.post("/api/v1/me/cards/indexes/ratings", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert detail(response).startswith(("Invalid input", "Cannot parse"))


def test_a_rating_refused_because_a_log_in_took_the_session_is_a_json_400_not_a_500():
    from django.contrib.sessions.exceptions import SessionInterrupted
    from django.test import RequestFactory

    from api.v1 import api

    response = api.on_exception(RequestFactory().post("/api/v1/quizzes/x/ratings"), SessionInterrupted())
    assert response.status_code == 400
    assert "send it again" in json.loads(response.content)["detail"]
