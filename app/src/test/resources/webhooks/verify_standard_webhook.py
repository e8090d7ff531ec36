"""Verifies one received webhook with the reference `standardwebhooks` library (PyPI).

Input: a JSON file {"secret": "whsec_...", "body": "<raw body>", "headers": {...}}.
Prints "verified" and exits 0, or prints the library's error and exits 1.
"""
import json
import sys

from standardwebhooks import Webhook

with open(sys.argv[1], encoding="utf-8") as f:
    received = json.load(f)
try:
    Webhook(received["secret"]).verify(received["body"], received["headers"])
except Exception as e:  # the library raises its own WebhookVerificationError
    print(f"{type(e).__name__}: {e}")
    sys.exit(1)
print("verified")
