"""Steers schemathesis for the OpenAPI fuzz test (OpenApiFuzzEndToEndTest).

Loopback only: generated http(s) URLs in the fields the server fetches or posts to (image_url,
reference_image_urls, webhook_url, url) get the host 127.0.0.1 before the request is sent, keeping
their length. The server refuses that address like any non-public one, so it never looks up or
contacts a host the fuzzer made up. data: URIs and non-URLs go as generated.

Real models: the model ids are configuration, which the document cannot list, so nearly every
generated id is unknown and the request stops at validation. Three in four generated model strings
become one of the server's models (REELAY_FUZZ_MODELS, from GET /v1/models), so generated requests
reach admission, the workflow, and the endpoints of the generations they create.
"""

import os
import zlib

import schemathesis
from hypothesis.internal import lambda_sources

URL_FIELDS = {"image_url", "reference_image_urls", "webhook_url", "url"}
LOOPBACK = "http://127.0.0.1:9/"
MODELS = [m for m in os.environ.get("REELAY_FUZZ_MODELS", "").split(",") if m]


# CPython 3.11 before 3.11.8 (gh-106905) sometimes fails ast.parse with "AST constructor recursion
# depth mismatch" when hypothesis describes a filter's lambda for its repr; the description is
# cosmetic, so a failure to make it must not end the run.
_describe = lambda_sources._lambda_description


def _lambda_description(f):
    try:
        return _describe(f)
    except SystemError:
        return "lambda: <unknown>"


lambda_sources._lambda_description = _lambda_description


def _loopback(value):
    if isinstance(value, list):
        return [_loopback(item) for item in value]
    if isinstance(value, str) and value.strip().lower().startswith(("http:", "https:", "//")):
        return LOOPBACK + "x" * max(0, len(value) - len(LOOPBACK))
    return value


def _model(value):
    if not isinstance(value, str) or not MODELS:
        return value
    pick = zlib.crc32(value.encode("utf-8", "surrogatepass"))  # deterministic for a seed
    return value if pick % 4 == 0 else MODELS[pick % len(MODELS)]


@schemathesis.hook
def before_call(context, case, **kwargs):
    if not isinstance(case.body, dict):
        return
    for field in URL_FIELDS & set(case.body):
        case.body[field] = _loopback(case.body[field])
    if "model" in case.body:
        case.body["model"] = _model(case.body["model"])
