from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.importing import import_paths
from tui_reader.store import AnnotationStore

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


@pytest.fixture
def store(db_path: Path):
    s = AnnotationStore(db_path)
    yield s
    s.close()


@pytest.fixture
def seeded(store: AnnotationStore) -> AnnotationStore:
    report = import_paths(store, [SEEDS])
    assert not report.problems
    return store


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, list[str]]:
    """A temp database with the seeds imported, and their ids (for the app tests)."""
    from apphelp import seed_db

    return seed_db(tmp_path)
