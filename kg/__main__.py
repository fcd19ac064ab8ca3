"""The `kg` command (and `python -m kg`): `kg export` of a stored graph is written, and `kg serve` of one is served,
without loading the CLI's framework (kg.export, kg.server); every other command, and any export or serve those
paths do not take, goes to kg.cli."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the `kg` command line."""
    if sys.argv[1:2] == ["export"]:
        from kg.export import export_quickly

        code = export_quickly(sys.argv[2:])
        if code is not None:
            raise SystemExit(code)
    elif sys.argv[1:2] == ["serve"]:
        from kg.server import serve_quickly

        code = serve_quickly(sys.argv[2:])
        if code is not None:
            raise SystemExit(code)
    from kg.cli import app

    app()


if __name__ == "__main__":
    main()
