"""Validation speed against the floor: libyaml's own parse of the same files.

Run:  uv run python benchmarks/bench_validate.py [--sizes 1000 10000] [--repeat 3]

For each size it writes that many synthetic valid records (one file each, on
top of the real dataset) and prints, best of ``--repeat`` runs:
  read      reading every file's bytes
  parse     read + stock ``yaml.load(..., CSafeLoader)`` of every file
  validate  ``civicdata validate``'s whole pipeline (read, strict parse,
            Pydantic models, cross-record checks, quote search)
  ratio     validate / parse; the target is at most 1.25 at 10,000 records
  load      ``civicdata.load()``: validation plus building the indexed Dataset,
            with the garbage collector on, as a library caller has it
  sqlite    ``civicdata export --format sqlite`` from a loaded Dataset

All but ``load`` run with the cyclic garbage collector off, as the
``civicdata`` command runs them (its only GC tuning, in civicdata/cli.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import make_project

import civicdata.loading as loading_module
from civicdata.cli import command_gc
from civicdata.dataset import Dataset
from civicdata.export import export_sqlite
from civicdata.loading import load
from civicdata.validate import dataset_files, validate

TARGET_RATIO = 1.25


def best_of(repeat: int, work: Callable[[], object], collector: bool = False) -> float:
    """Best time of ``work``; with the cyclic garbage collector off, as the CLI runs
    (civicdata/cli.py), unless ``collector`` (the library's ``load()`` leaves it on)."""
    times = []
    for _ in range(repeat):
        with nullcontext() if collector else command_gc("validate"):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
    return min(times)


def measure(count: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        project = make_project(Path(folder), count)
        files = dataset_files(project)

        def read() -> None:
            for path in files:
                path.read_bytes()

        def parse() -> None:
            for path in files:
                yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)

        def check() -> None:
            report = validate(project)
            assert report.ok, report.problems[:3]

        def load_fresh() -> Dataset:
            loading_module._CACHE.clear()  # time the work, not the cache hit
            return load(project.root)

        def export() -> None:
            export_sqlite(dataset, Path(folder) / "bench.db")

        check()  # warm caches (file system, model plans) before timing
        dataset = load_fresh()
        return {
            "files": len(files),
            "read": best_of(repeat, read),
            "parse": best_of(repeat, parse),
            "validate": best_of(repeat, check),
            "load": best_of(repeat, load_fresh, collector=True),
            "sqlite": best_of(repeat, export),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{'records':>8} {'files':>6} {'read s':>8} {'parse s':>8} {'validate s':>10} {'ratio':>6}"
    )
    largest: tuple[int, float] | None = None
    for count in args.sizes:
        figures = measure(count, args.repeat)
        ratio = figures["validate"] / figures["parse"]
        largest = (count, ratio)
        print(
            f"{count:>8} {figures['files']:>6} {figures['read']:>8.3f} {figures['parse']:>8.3f} "
            f"{figures['validate']:>10.3f} {ratio:>6.2f} {figures['load']:>8.3f} "
            f"{figures['sqlite']:>8.3f}"
        )
    if largest:
        count, ratio = largest
        verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
        print(f"target validate/parse <= {TARGET_RATIO} at {count:,} records: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
