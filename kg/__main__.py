"""The `kg` command (and `python -m kg`): `kg export` of a stored graph is written without loading the CLI's
framework (kg.export); every other command, and any export that path does not take, goes to kg.cli."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the `kg` command line."""
    if sys.argv[1:2] == ["export"]:
        from kg.export import export_quickly

        code = export_quickly(sys.argv[2:])
        if code is not None:
            raise SystemExit(code)
    from kg.cli import app

    app()


if __name__ == "__main__":
    main()
