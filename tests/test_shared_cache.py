"""The readers' shared cache (dashboard/store/shared_cache.py): what one reader process builds, the others read, and a
value is built once for all of them, not once per process; the folder keeps no lock behind and stays bounded."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from dashboard import store
from dashboard.serving import processes
from dashboard.store import shared_cache

READERS = 3


@pytest.fixture
def as_reader(tmp_path, monkeypatch):
    monkeypatch.setenv(processes.ROLE_SETTING, processes.READER)
    monkeypatch.setenv("COP_DB", str(tmp_path / "cop.duckdb"))
    return shared_cache.folder(tmp_path / "cop.duckdb")


def test_a_value_set_by_one_reader_is_read_by_another(as_reader):
    config = shared_cache.config()
    one, other = (shared_cache.SharedCache(config["CACHE_DIR"]) for _ in range(2))
    one.set("page-answer:abc:v1", (b"page", "br", "application/json"))
    assert other.get("page-answer:abc:v1") == (b"page", "br", "application/json")
    assert other.get("page-answer:abc:v2") is None


def test_one_process_keeps_its_cache_in_memory(monkeypatch):
    monkeypatch.delenv(processes.ROLE_SETTING, raising=False)
    assert shared_cache.config()["CACHE_TYPE"] == "SimpleCache" and shared_cache.turn_folder() is None


def _built(line: str, builds: Path) -> str:
    with open(builds, "a") as out:
        out.write(line + "\n")
    time.sleep(0.5)  # long enough for every reader to ask meanwhile
    return "la page"


def _reader(directory: str, builds: Path, start, answers) -> None:
    """A reader process: the app's ``store.memo`` with the shared cache, the same data version as the others."""
    cache = shared_cache.SharedCache(directory)
    store.cache, store.all_data = cache, lambda: "instantane-7"
    start.wait()
    answers.put(store.memo(_built, "même clef", builds))


def test_a_value_is_built_once_for_every_reader(as_reader, tmp_path):
    builds = tmp_path / "constructions.txt"
    context = multiprocessing.get_context("fork")
    start, answers = context.Barrier(READERS), context.Queue()
    readers = [context.Process(target=_reader, args=(shared_cache.config()["CACHE_DIR"], builds, start, answers))
               for _ in range(READERS)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=30)
    assert [reader.exitcode for reader in readers] == [0] * READERS
    assert [answers.get(timeout=5) for _ in range(READERS)] == ["la page"] * READERS
    assert builds.read_text().splitlines() == ["même clef"]  # one build, not one per process
    assert list((as_reader / "verrous").iterdir()) == []  # no lock left behind


def test_the_shared_folder_is_bounded(as_reader, monkeypatch):
    monkeypatch.setattr(shared_cache, "SHARED_ENTRIES", 20)
    cache = shared_cache.SharedCache(shared_cache.config()["CACHE_DIR"])
    for number in range(100):
        cache.set(f"page-answer:{number}:v1", b"x" * 1000)
    assert len(list((as_reader / "valeurs").iterdir())) <= 20 + shared_cache.PRUNE_EVERY
