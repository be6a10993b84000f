"""A cross-record check: a function from the Index of loaded records to Problems."""

from collections.abc import Iterator

from civicdata.checks import Index, Loaded
from civicdata.corpus import Corpus
from civicdata.problems import Problem
from civicdata.project import Project
from civicdata.validate import validate


def speaker_took_part(index: Index) -> Iterator[Problem]:
    """A claim said at an event is spoken by one of the event's participants."""
    for item in index.of_kind("claim"):  # each item is a Loaded: kind, path, record
        claim = item.record
        if claim.event is None or claim.event not in index.by_id:
            continue  # no event, or an unknown id (another check reports that)
        event = index.by_id[claim.event].record
        if claim.speaker not in [participant.actor for participant in event.participants]:
            message = f"`{claim.speaker}` is not a participant of `{event.id}`"
            yield Problem(item.path, message, None, ("speaker",))  # the field to point at


project = Project.find()
loaded = validate(project).loaded
print("real dataset:", list(speaker_took_part(Index(loaded, Corpus(project.seeds_dir)))))

# Break one claim in memory (files stay untouched) and run the check again.
changed = [
    Loaded(item.kind, item.path, item.record.model_copy(update={"speaker": "jim-kenney"}))
    if item.record.id == "krasner-pledges-no-vote-on-pars"
    else item
    for item in loaded
]
for problem in speaker_took_part(Index(changed, Corpus(project.seeds_dir))):
    print(problem.path.name, problem.loc, problem.message)
