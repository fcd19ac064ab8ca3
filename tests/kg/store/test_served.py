"""The running server's URL, recorded beside the store it holds, and the errors of opening a store."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store import StoreBusyError, StoreError, StoreMissing, open_store
from kg.store.served import forget_server, record_path, record_server, running_server


def test_served_record_names_the_live_server_until_forgotten(tmp_path: Path):
    store = tmp_path / "kg"
    assert running_server(store) is None
    record_server(store, "http://127.0.0.1:8123")
    assert running_server(store) == "http://127.0.0.1:8123"
    forget_server(store)
    assert running_server(store) is None and not record_path(store).exists()


def test_served_record_of_a_dead_process_is_ignored(tmp_path: Path):
    store = tmp_path / "kg"
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    record_path(store).write_text(f'{{"url": "http://127.0.0.1:9", "pid": {int(finished.stdout)}}}')
    assert running_server(store) is None
    record_path(store).write_text("not json")
    assert running_server(store) is None


def test_served_busy_store_names_the_recorded_server(tmp_path: Path):
    path = tmp_path / "kg"
    holder = open_store(str(path))
    try:
        record_server(path, "http://127.0.0.1:8123")
        with pytest.raises(StoreBusyError) as busy:
            open_store(str(path))
        assert busy.value.server == "http://127.0.0.1:8123" and "http://127.0.0.1:8123" in str(busy.value)
    finally:
        forget_server(path)
        holder.close()


def test_open_store_without_create_refuses_a_missing_directory(tmp_path: Path):
    with pytest.raises(StoreMissing, match="no store at"):
        open_store(str(tmp_path / "typo"), create=False)
    assert not (tmp_path / "typo").exists()


def test_open_store_on_a_file_is_one_clear_error(tmp_path: Path):
    file = tmp_path / "notes.txt"
    file.write_text("x")
    with pytest.raises(StoreError, match="is a file, not a store directory"):
        open_store(str(file))
    assert os.path.isfile(file)
