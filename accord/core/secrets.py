"""Secrets for development and the demo, generated once into var/ and never committed.

Production reads every secret from the environment instead (see settings.py).
"""

import base64
import json
import secrets
from pathlib import Path


def development_secrets(var_dir: Path) -> dict[str, str]:
    path = var_dir / "development-secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    var_dir.mkdir(parents=True, exist_ok=True)
    values = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ACCORD_DATA_KEYS": "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "ACCORD_BLIND_INDEX_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    path.write_text(json.dumps(values, indent=2))
    path.chmod(0o600)
    return values
