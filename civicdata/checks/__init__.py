"""Cross-record checks: rules no single record can check on its own.

Each check is a plain function ``check(index) -> Iterator[Problem]``, listed in
``CHECKS``; a new rule is one more small function (congress-legislators'
``validate.py`` is the model: readable domain rules, each naming the record).
They live by concern: ``references`` (ids and links between records),
``citations`` (quotes, seeds, link citations), ``consistency`` (dates, votes),
``privacy``, ``neutrality`` (with the word lists' ``Vocabulary``) and ``pages``
(the docs pages). ``index`` holds the :class:`Index` they run on.
"""

from __future__ import annotations

from ..dataset import Dataset, Loaded
from ..problems import Problem
from .citations import (
    LINK_FIELDS,
    LINK_HINT,
    SEED_NAME,
    SEED_NAME_HINT,
    claim_quotes_cited,
    links_cited,
    quotes_in_seeds,
    seed_files_exist,
    seed_names,
    source_of,
)
from .consistency import (
    claim_dates_grounded,
    dates_in_order,
    event_days_grounded,
    government_has_ocd_id,
    sources_explain_inferred_dates,
    votes_consistent,
)
from .index import MAX_GUESSES, Check, Index
from .neutrality import (
    FRAMING_HINT,
    NEUTRALITY_FILE,
    VOICE_FIELDS,
    Vocabulary,
    neutrality,
    neutrality_vocabulary,
    own_voice,
    word_pattern,
)
from .pages import privacy_in_pages
from .privacy import (
    PRIVACY_FILE,
    PRIVACY_HINT,
    PRIVATE_PHRASE,
    privacy,
    privacy_vocabulary,
    private_names,
    private_people,
)
from .references import references_resolve, unique_ids

__all__ = [
    "CHECKS",
    "FRAMING_HINT",
    "LINK_FIELDS",
    "LINK_HINT",
    "MAX_GUESSES",
    "NEUTRALITY_FILE",
    "PRIVACY_FILE",
    "PRIVACY_HINT",
    "PRIVATE_PHRASE",
    "PROVENANCE_CHECKS",
    "SEED_NAME",
    "SEED_NAME_HINT",
    "VOICE_FIELDS",
    "Check",
    "Index",
    "Loaded",
    "Vocabulary",
    "claim_dates_grounded",
    "claim_quotes_cited",
    "dates_in_order",
    "event_days_grounded",
    "government_has_ocd_id",
    "links_cited",
    "neutrality",
    "neutrality_vocabulary",
    "own_voice",
    "privacy",
    "privacy_in_pages",
    "privacy_vocabulary",
    "private_names",
    "private_people",
    "quotes_in_seeds",
    "references_resolve",
    "run_checks",
    "seed_files_exist",
    "seed_names",
    "source_of",
    "sources_explain_inferred_dates",
    "unique_ids",
    "votes_consistent",
    "word_pattern",
]

CHECKS: list[Check] = [
    unique_ids,
    references_resolve,
    quotes_in_seeds,
    claim_quotes_cited,
    seed_files_exist,
    seed_names,
    sources_explain_inferred_dates,
    dates_in_order,
    votes_consistent,
    links_cited,
    claim_dates_grounded,
    event_days_grounded,
    privacy,
    neutrality,
    government_has_ocd_id,
]


# Rules about fidelity to the articles (which seeds are described, which words state a
# link, where a date comes from). A generated grading dataset (grading/generate.py) is a
# synthetic shape for an exercise, not a curation of the articles, so it answers to every
# rule but these; the project's own records answer to all of them.
PROVENANCE_CHECKS: tuple[Check, ...] = (
    seed_names,
    links_cited,
    claim_dates_grounded,
    event_days_grounded,
)


def run_checks(index: Dataset, skip: tuple[Check, ...] = ()) -> list[Problem]:
    """Every rule's problems; a plain ``Dataset`` (a generated one) is checked as an Index."""
    if not isinstance(index, Index):
        index = Index.over(index)
    return [problem for check in CHECKS if check not in skip for problem in check(index)]
