"""Building blocks shared by every record kind: ids, references, citations.

References are plain id strings annotated with :class:`Ref`, which names the
kinds they may point to. The cross-record checks read that annotation, so a
model states its own reference rules in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictStr, StringConstraints

from ..project import KINDS

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_DESCRIPTION = "Lowercase kebab-case id, unique across the whole dataset."

Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=120),
    Field(description=SLUG_DESCRIPTION),
]
Text = Annotated[StrictStr, StringConstraints(min_length=1, strip_whitespace=False)]


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
    quote: Text = Field(
        description=(
            "Words copied verbatim from the seed. Typographic quotes, dashes and runs of "
            "whitespace are normalised before matching, so straight quotes are fine."
        ),
    )


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
