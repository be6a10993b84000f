"""Site build time: the real site, and a synthetic dataset of 5,000 records.

Run:  uv run python benchmarks/bench_site.py [--records 5000]

Targets: the real site in at most 10 s, 5,000 records in at most 20 s. Both
wall-clock and CPU seconds (user + system, of the build process) are printed:
mkdocs builds on one core, so on an idle machine the two agree, and on a
shared one the CPU time is the figure that does not depend on the neighbours.
The target is checked against CPU time. Record pages are generated but not
listed in the navigation, which is what keeps the build linear (a nav of every
record page was 20x slower); their HTML never goes through Markdown.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import REPO, make_project

TARGETS = {"real": 10.0, "synthetic": 20.0}


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(records_root: Path | None, site_dir: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one strict build."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if records_root is not None:
        environment["CIVICDATA_ROOT"] = str(records_root)
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(site_dir)],
        cwd=REPO,
        env=environment,
        check=True,
    )
    return time.perf_counter() - start, _children_cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        real = build(None, root / "real-site")
        project = make_project(root / "synthetic", args.records)
        pages = sum(1 for _ in project.data_dir.glob("*/*.yaml"))
        synthetic = build(project.root, root / "synthetic-site")
    print(f"{'site':>10} {'records':>8} {'wall s':>7} {'CPU s':>6} {'target s':>9}")
    print(f"{'real':>10} {'-':>8} {real[0]:>7.1f} {real[1]:>6.1f} {TARGETS['real']:>9.0f}")
    print(
        f"{'synthetic':>10} {pages:>8} {synthetic[0]:>7.1f} {synthetic[1]:>6.1f} "
        f"{TARGETS['synthetic']:>9.0f}"
    )
    met = real[1] <= TARGETS["real"] and synthetic[1] <= TARGETS["synthetic"]
    print("targets:", "met" if met else "NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
