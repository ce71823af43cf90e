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
