"""Rules about the corpus that hold for any number of articles.

The suite once required exactly five seeds and five sources each cited by at
least ten records, so the first pull request adding a sixth article failed CI
although validate, diff and the site accepted it. These rules are derived from
the data instead; tests/test_curation.py and tests/test_project_files.py apply
them to this checkout, and tests/test_adding_an_article.py to a fork with a
sixth article.
"""

from __future__ import annotations

from civicdata import load
from civicdata.checks import SEED_NAME
from civicdata.project import Project
from civicdata.stats import records_citing_each_source


def corpus_problems(project: Project) -> list[str]:
    """Every way the checkout breaks the corpus rules, in words; [] when it keeps them."""
    problems: list[str] = []
    seeds = sorted(p.name for p in project.seeds_dir.iterdir())
    if not seeds:
        problems.append("seeds/ holds no article")
    problems += [
        f"seeds/{name}: not NNN_<16 hex>.txt" for name in seeds if not SEED_NAME.fullmatch(name)
    ]
    numbers = [name[:3] for name in seeds]
    problems += [
        f"seed number {n} used twice" for n in sorted({n for n in numbers if numbers.count(n) > 1})
    ]
    dataset = load(project.root)
    files = [source.file for source in dataset.sources]
    if sorted(files) != seeds:
        problems.append(f"source records describe {sorted(files)}, seeds/ holds {seeds}")
    citing = records_citing_each_source(dataset)
    problems += [f"no record cites source {s}" for s, count in sorted(citing.items()) if count < 1]
    for path in sorted(project.data_dir.glob("*/*")):
        if path.suffix != ".yaml" or f"id: {path.stem}\n" not in path.read_text(encoding="utf-8"):
            problems.append(f"{path.relative_to(project.root)}: not named after its id")
    return problems
