"""A cross-record check: a function from the Index of loaded records to Problems."""

from collections.abc import Iterator

from civicdata.checks import Index, Loaded
from civicdata.corpus import Corpus
from civicdata.problems import Problem
from civicdata.project import Project
from civicdata.validate import validate


def claim_events_are_events(index: Index) -> Iterator[Problem]:
    """A claim's `event` names an event, not a record of another kind."""
    for item in index.of_kind("claim"):  # each item is a Loaded: kind, path, record
        claim = item.record
        if claim.event is None or claim.event not in index.by_id:
            continue  # no event, or an unknown id (another check reports that)
        target = index.by_id[claim.event]  # a Loaded too
        if target.kind != "event":
            message = f"`event` names `{target.record.id}`, which is a {target.kind}"
            yield Problem(item.path, message, None, ("event",))  # the field to point at


project = Project.find()
loaded = validate(project).loaded
real = claim_events_are_events(Index(loaded, Corpus(project.seeds_dir)))
print("real dataset:", [problem.message for problem in real])

# Change one claim in memory (files stay untouched) and check again.
changed = [
    Loaded(item.kind, item.path, item.record.model_copy(update={"event": "larry-krasner"}))
    if item.record.id == "krasner-pledges-no-vote-on-pars"
    else item
    for item in loaded
]
for problem in claim_events_are_events(Index(changed, Corpus(project.seeds_dir))):
    print(problem.path.name, problem.loc, problem.message)
