"""Stable keyed pseudonyms: HMAC-SHA256 of an id under a secret key from the environment."""

from __future__ import annotations

import hashlib
import hmac
import os

from graph_model.errors import ConfigurationError

KEY_VARIABLE = "HEARTH_PSEUDONYM_KEY"
MIN_KEY_LENGTH = 16
# Demo mode only (HEARTH_DEMO=1, synthetic data): a published key, so the demo works out of the box.
DEMO_KEY = "hearth-demo-pseudonym-key-not-secret"


def key() -> bytes:
    """Return the pseudonymisation key from HEARTH_PSEUDONYM_KEY; there is no default."""
    value = os.environ.get(KEY_VARIABLE, "")
    if not value and os.environ.get("HEARTH_DEMO", "").lower() in ("1", "true", "yes"):
        value = DEMO_KEY
    if len(value) < MIN_KEY_LENGTH:
        raise ConfigurationError(f"{KEY_VARIABLE} must be set to a secret of at least {MIN_KEY_LENGTH} characters "
                                 "to pseudonymise (it keeps pseudonyms stable between runs; never commit it)")
    return value.encode()


def pseudonym(record_id: str, kind: str = "person", secret: bytes | None = None) -> str:
    """Return the stable pseudonym of an id, e.g. 'person-3f9a1c2b7d4e5f60' (same id and key, same pseudonym)."""
    digest = hmac.new(secret or key(), f"{kind}:{record_id}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}-{digest[:16]}"
