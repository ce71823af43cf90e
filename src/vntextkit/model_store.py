"""Saving and loading trained models: a joblib artifact beside a JSON model card.

The card records what the model is, the SHA-256 of the artifact, the data it was
trained on, its metrics and the versions of the libraries that made it.
Loading refuses an artifact whose hash does not match its card, a missing card,
or a card whose format version this library cannot read, with an error that
says which and what to do. Nothing is ever downloaded.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib

from .errors import ModelError

ARTIFACT = "model.joblib"
CARD = "model_card.json"
FORMAT_VERSION = 1


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("vntextkit", "scikit-learn", "numpy", "scipy", "joblib", "underthesea", "underthesea_core"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def save_model(obj: Any, directory: str | Path, kind: str, card: dict[str, Any]) -> Path:
    """Write ``obj`` and its model card into ``directory`` (created if needed)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    artifact = directory / ARTIFACT
    joblib.dump(obj, artifact, compress=3)
    full = {
        "kind": kind,
        "format_version": FORMAT_VERSION,
        "artifact": ARTIFACT,
        "sha256": sha256_file(artifact),
        "library_versions": library_versions(),
        **card,
    }
    (directory / CARD).write_text(json.dumps(full, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return directory


def read_card(directory: str | Path) -> dict[str, Any]:
    directory = Path(directory)
    card_path = directory / CARD
    if not card_path.is_file():
        raise ModelError(f"{directory}: no {CARD}; a model is loaded only with its card (save it with save_model)")
    try:
        return json.loads(card_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelError(f"{card_path}: not valid JSON ({exc.msg})") from None


def load_model(directory: str | Path, kind: str) -> tuple[Any, dict[str, Any]]:
    """Load the artifact in ``directory`` after checking it against its card."""
    directory = Path(directory)
    card = read_card(directory)
    if card.get("kind") != kind:
        raise ModelError(f"{directory}: the card says this is a {card.get('kind')!r} model, expected {kind!r}")
    if card.get("format_version") != FORMAT_VERSION:
        made_by = card.get("library_versions", {}).get("vntextkit", "unknown")
        raise ModelError(
            f"{directory}: model format {card.get('format_version')} (made by vntextkit {made_by}) cannot be read "
            f"by this vntextkit, which reads format {FORMAT_VERSION}; retrain the model with this version"
        )
    artifact = directory / card.get("artifact", ARTIFACT)
    if not artifact.is_file():
        raise ModelError(f"{directory}: the card names {artifact.name}, which is missing")
    digest = sha256_file(artifact)
    if digest != card.get("sha256"):
        raise ModelError(
            f"{artifact}: SHA-256 {digest[:12]}... does not match the card's {str(card.get('sha256'))[:12]}...; "
            "the file is corrupt or was replaced: restore it or retrain"
        )
    try:
        obj = joblib.load(artifact)
    except Exception as exc:  # unpickling errors come in many types
        made_by = card.get("library_versions", {})
        raise ModelError(
            f"{artifact}: could not be loaded ({type(exc).__name__}: {exc}); it was made with {made_by}, "
            f"this is {library_versions()}: retrain the model or install the versions in its card"
        ) from exc
    return obj, card


def models_dir() -> Path:
    """Where the shipped models are: ``$VNTEXTKIT_MODELS`` or the repository's ``models/``."""
    env = os.environ.get("VNTEXTKIT_MODELS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "models"


@lru_cache(maxsize=None)
def load_default(name: str, kind: str):
    """The shipped model ``models/<name>``, loaded once per process."""
    path = models_dir() / name
    if not path.is_dir():
        raise ModelError(
            f"the shipped model {name!r} is not at {path}; install vntextkit from its repository "
            "(pip install -e .) or set VNTEXTKIT_MODELS to the folder holding it"
        )
    return load_model(path, kind)
