"""Building blocks shared by every record kind: ids, references, citations.

References are plain id strings annotated with :class:`Ref`, which names the
kinds they may point to. The cross-record checks read that annotation, so a
model states its own reference rules in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictStr, StringConstraints

from ..project import KINDS
from ..text import UNSAFE_CHARS

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_DESCRIPTION = "Lowercase kebab-case id, unique across the whole dataset."

MAX_ID_LENGTH = 120

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=MAX_ID_LENGTH),
    Field(description=SLUG_DESCRIPTION),
]
# Text that is not text is refused in every string of every record, by type:
# C0 and C1 control characters and DEL (an escaped "\x1b[31m" would colour a
# terminal; "\0" truncates C strings), bidirectional embeddings, overrides and
# isolates (which reorder what a reviewer sees: "Trojan Source"), line and
# paragraph separators, and the zero-width no-break space. Prose may hold
# newlines and tabs; names and titles are one line. The patterns run in
# pydantic-core's Rust regex engine, and model_errors names the character.
TEXT_PATTERN = rf"^[^{UNSAFE_CHARS}]*$"
LINE_PATTERN = rf"^[^{UNSAFE_CHARS}\t\n]*$"
# A quote must point at one passage. 10 characters, spaces not counted, is
# below the shortest quote in the dataset ("he told NBC10", 11) and above
# phrases such as "he said" that occur in every article.
MIN_QUOTE_CHARS = 10

Text = Annotated[StrictStr, StringConstraints(min_length=1, pattern=TEXT_PATTERN)]
Line = Annotated[StrictStr, StringConstraints(min_length=1, pattern=LINE_PATTERN)]


def _distinctive(quote: str) -> str:
    found = len("".join(quote.split()))
    if found < MIN_QUOTE_CHARS:
        raise ValueError(
            f"a quote needs at least {MIN_QUOTE_CHARS} characters besides spaces so that it "
            f"identifies one passage of the article; this one has {found}"
        )
    return quote


Quote = Annotated[Text, AfterValidator(_distinctive)]


@dataclass(frozen=True)
class Ref:
    """Marks a field as a reference to records of the given kinds."""

    kinds: tuple[str, ...]

    def __init__(self, *kinds: str) -> None:
        object.__setattr__(self, "kinds", kinds)


def kinds_text(kinds: tuple[str, ...]) -> str:
    """``("person", "organization")`` → ``a person or organization``."""
    words = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " or " + kinds[-1]
    return ("an " if words[0] in "aeiou" else "a ") + words


ANY_KIND = KINDS

SourceRef = Annotated[Slug, Ref("source")]
PersonRef = Annotated[Slug, Ref("person")]
OrganizationRef = Annotated[Slug, Ref("organization")]
ActorRef = Annotated[Slug, Ref("person", "organization")]
PolicyRef = Annotated[Slug, Ref("policy")]
EventRef = Annotated[Slug, Ref("event")]
ClaimRef = Annotated[Slug, Ref("claim")]
AnyRef = Annotated[Slug, Ref(*ANY_KIND)]


class Strict(BaseModel):
    """Base for every model: unknown fields are errors, values are not coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)


class Citation(Strict):
    """Where a fact comes from: a seed article and words copied from it."""

    source: SourceRef = Field(description="Id of the `source` record of the seed article.")
    quote: Quote = Field(
        description=(
            "Words copied verbatim from the seed. Typographic quotes, dashes and runs of "
            "whitespace are normalised before matching, so straight quotes are fine."
        ),
    )


class LinkCitation(Citation):
    """Evidence for one link: a quote saying that this record is joined to ``to``.

    A relation (a claim answering another, said at an event, about a record; a
    policy adopted by an actor) is a fact like any other, so it is cited: the
    quote must state the link ("Vega said in response", "adopted by"), not
    merely sit near it. Each model that has links narrows ``field`` to the
    names of its link fields.
    """

    field: str = Field(description="The link field this quote supports, e.g. `responds_to`.")
    to: AnyRef = Field(description="The id the link points to, as written in that field.")


Citations = Annotated[
    list[Citation],
    Field(min_length=1, description="At least one `{source, quote}` backing this fact."),
]


class Record(Strict):
    """Fields every record has. The kind comes from the folder the file is in."""

    id: Slug
    citations: Citations
    notes: Text | None = Field(
        default=None,
        description=(
            "Editorial notes: how a date was derived, what the article leaves unclear. "
            "Never a place for facts without citations."
        ),
    )
