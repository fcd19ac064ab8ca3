"""Progress bars for the commands that run long (ingest, load, eval), drawn with rich on stderr.

A module of its own so that rich is imported by the commands that draw a bar, not by `kg serve`."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    """Items per second since the start, e.g. "12.3 articles/s".

    Not rich's task.speed: that averages the last updates, and ingest advances a batch at a time."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task) -> Text:
        rate = task.completed / task.elapsed if task.elapsed and task.completed else None
        return Text(f"{rate:,.1f} {self.unit}/s" if rate else f"- {self.unit}/s", style="progress.data.speed")


def count_progress(console: Console, unit: str | None = None) -> Progress:
    """Items done of a total (or of an unknown number), with their rate when `unit` names them."""
    rate = [RateColumn(unit)] if unit else []
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        *rate,
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def bytes_progress(console: Console) -> Progress:
    """Bytes read of a file, with the speed; gone from the terminal when done."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeElapsedColumn(),
    )
    return Progress(*columns, console=console, transient=True)
