"""Site build time: the real site, and a synthetic dataset of 5,000 records.

Run:  uv run python benchmarks/bench_site.py [--records 5000]

Targets: the real site in at most 10 s, 5,000 records in at most 40 s. Record
pages are generated but not listed in the navigation, which is what keeps
the build linear (a nav of every record page was 20x slower).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import REPO, make_project

TARGETS = {"real": 10.0, "synthetic": 40.0}


def build(records_root: Path | None, site_dir: Path) -> float:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if records_root is not None:
        environment["CIVICDATA_ROOT"] = str(records_root)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(site_dir)],
        cwd=REPO,
        env=environment,
        check=True,
    )
    return time.perf_counter() - start


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
    print(f"{'site':>10} {'records':>8} {'build s':>8} {'target s':>9}")
    print(f"{'real':>10} {'-':>8} {real:>8.1f} {TARGETS['real']:>9.0f}")
    print(f"{'synthetic':>10} {pages:>8} {synthetic:>8.1f} {TARGETS['synthetic']:>9.0f}")
    met = real <= TARGETS["real"] and synthetic <= TARGETS["synthetic"]
    print("targets:", "met" if met else "NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
