import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VNTEXTKIT_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def ud_vtb_dir():
    path = SHARED / "corpora" / "ud-vtb"
    if not (path / "vi_vtb-ud-dev.conllu").is_file():
        pytest.skip(f"shared UD-VTB data not found at {path}")
    return path


@pytest.fixture(autouse=True)
def _restore_lexicon():
    """Tests that add words to the shared domain lexicon must not leak them into other tests."""
    from vntextkit.tokenize.lexicon import default_lexicon

    lex = default_lexicon()
    saved = (set(lex._entries), lex.max_len)
    yield
    if lex._entries != saved[0]:
        with lex._lock:
            lex._entries, lex.max_len = set(saved[0]), saved[1]
            lex.version += 1  # the segmenter rebuilds its dictionary on a new version
