"""README documents every CLI command and every setting (datasette's discipline)."""

from pathlib import Path

from kg.cli import app
from kg.config import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_docs_every_cli_command_in_readme():
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert names and [n for n in names if f"`kg {n}" not in README] == []


def test_docs_every_setting_in_readme():
    assert [f for f in Settings.model_fields if f"KG_{f.upper()}" not in README] == []


def test_docs_readme_starts_with_the_two_commands():
    blocks = README.split("```sh\n")[1:3]
    assert blocks[0].startswith("pip install -e . && kg serve")
    assert "python -m pytest" in blocks[1]


def test_docs_store_option_version_and_validate_in_readme():
    assert all(text in README for text in ("--store", "kg --version", "kg validate", "X-Request-ID"))
