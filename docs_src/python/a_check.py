"""A cross-record check: a function from the Index of loaded records to Problems."""

from collections.abc import Iterator

from civicdata.checks import Index, Loaded
from civicdata.corpus import Corpus
from civicdata.problems import Problem
from civicdata.project import Project
from civicdata.validate import validate


def events_say_who_took_part(index: Index) -> Iterator[Problem]:
    """A claim said at an event points to an event that names its participants."""
    for item in index.of_kind("claim"):  # each item is a Loaded: kind, path, record
        claim = item.record
        if claim.event is None or claim.event not in index.by_id:
            continue  # no event, or an unknown id (another check reports that)
        event = index.by_id[claim.event].record
        if not event.participants:
            message = f"said at `{event.id}`, which names no participant"
            yield Problem(item.path, message, None, ("event",))  # the field to point at


project = Project.find()
loaded = validate(project).loaded
real = events_say_who_took_part(Index(loaded, Corpus(project.seeds_dir)))
print("real dataset:", [problem.message for problem in real])

# Empty one event's participants in memory (files stay untouched) and check again.
changed = [
    Loaded(item.kind, item.path, item.record.model_copy(update={"participants": []}))
    if item.record.id == "krasner-pars-statement-2018-07-11"
    else item
    for item in loaded
]
for problem in events_say_who_took_part(Index(changed, Corpus(project.seeds_dir))):
    print(problem.path.name, problem.loc, problem.message)
