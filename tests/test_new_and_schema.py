"""`civicdata new` and `civicdata schema`."""

from __future__ import annotations

import json

import pytest

from civicdata.models import MODELS
from civicdata.schema import render, schema_file_name
from civicdata.strict_yaml import loads
from civicdata.validate import validate


@pytest.mark.parametrize("kind", list(MODELS))
def test_scaffold_fails_until_filled_then_validates(sandbox, cli, kind):
    code, out, _ = cli("--root", str(sandbox.root), "new", kind, f"new-{kind}")
    assert code == 0, out
    path = sandbox.data_dir / kind / f"new-{kind}.yaml"
    text = path.read_text()
    assert text.startswith(f"# yaml-language-server: $schema=../../../schemas/{kind}.schema.json\n")
    assert not validate(sandbox, [path]).ok, "an unfilled scaffold must not validate"

    # Fill every blank with the value an existing record of the same kind has there.
    example_path = next(p for p in sorted((sandbox.data_dir / kind).glob("*.yaml")) if p != path)
    example = loads(example_path.read_text())
    lines = []
    for line in text.splitlines():
        key, _, rest = line.partition(":")
        if key in example and key not in {"id", "citations"} and not line.startswith(" "):
            rest = json.dumps(example[key], ensure_ascii=False)
            line = f"{key}: {rest}"
        lines.append(line)
    filled = "\n".join(lines) + "\n"
    citation = example["citations"][0]
    filled = filled.replace('source: ""', f"source: {citation['source']}", 1)
    filled = filled.replace(
        'quote: ""', f"quote: {json.dumps(citation['quote'], ensure_ascii=False)}", 1
    )
    # The example's other citations too: a field may rest on any of them (a ruling's
    # holding may use a word only a later citation quotes).
    filled += "".join(
        f"  - source: {c['source']}\n    quote: {json.dumps(c['quote'], ensure_ascii=False)}\n"
        for c in example["citations"][1:]
    )
    path.write_text(filled)
    report = validate(sandbox, [path])
    assert report.problems == [], filled


def test_new_never_overwrites(sandbox, cli):
    path = sandbox.data_dir / "person" / "larry-krasner.yaml"
    before = path.read_text()
    code, _, err = cli("--root", str(sandbox.root), "new", "person", "larry-krasner")
    assert code == 1
    assert "already exists; nothing was written" in err
    assert path.read_text() == before


def test_new_refuses_an_id_used_by_another_kind(sandbox, cli):
    code, _, err = cli("--root", str(sandbox.root), "new", "event", "larry-krasner")
    assert code == 1 and "already used by another record" in err
    assert not (sandbox.data_dir / "event" / "larry-krasner.yaml").exists()


def test_new_refuses_a_bad_id(sandbox, cli):
    code, _, err = cli("--root", str(sandbox.root), "new", "person", "Jane_Doe")
    assert code == 2 and "not a valid id" in err  # a usage error


def test_new_rejects_unknown_kind(cli):
    code, _, err = cli("new", "people", "jane-doe")
    assert code == 2
    assert err.startswith("error: argument KIND: invalid choice: 'people'") and "'person'" in err


def test_schema_writes_every_kind(tmp_path, cli):
    code, _, _ = cli("schema", "--out", str(tmp_path))
    assert code == 0
    for kind in MODELS:
        schema = json.loads((tmp_path / schema_file_name(kind)).read_text())
        assert schema["title"] == f"civicdata {kind}"
        assert "citations" in schema["required"]
        assert schema["additionalProperties"] is False


def test_committed_schemas_are_current(repo):
    for kind in MODELS:
        committed = (repo.schema_dir / schema_file_name(kind)).read_text()
        assert committed == render(kind), f"run `civicdata schema` to refresh {kind}"


def test_schema_describes_partial_dates_and_enums():
    vote = json.loads(render("vote"))
    position = vote["$defs"]["Position"]["properties"]
    assert position["position"]["$ref"] == "#/$defs/VotePosition"
    assert vote["$defs"]["VotePosition"]["enum"][:2] == ["yes", "no"]
    date_schema = json.dumps(position["date"])
    assert "YYYY" in date_schema and "pattern" in date_schema


def _models_reachable_from(model, seen):
    from civicdata.introspect import model_in

    if model not in seen:
        seen.add(model)
        for field in model.model_fields.values():
            nested = model_in(field.annotation)
            if nested is not None:
                _models_reachable_from(nested, seen)
    return seen


def test_every_field_has_a_description():
    """The site's data-model reference is generated from these descriptions."""
    seen: set = set()
    for model in MODELS.values():
        _models_reachable_from(model, seen)
    missing = [
        f"{model.__name__}.{name}"
        for model in seen
        for name, field in model.model_fields.items()
        if not field.description
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("id", "pars-contract-renewal-2018\n"), ("title", "Council renews the PARS contract\n")],
)
def test_the_shipped_schema_refuses_a_final_newline_as_the_validator_does(field, value):
    """Python's `$` also matches before a final newline: checked with `re` (the jsonschema
    package), `id: "x\\n"` passed the schema that the validator's Rust engine refuses."""
    from jsonschema import Draft202012Validator
    from pydantic import ValidationError

    from civicdata.strict_yaml import load as load_yaml
    from tests.conftest import REPO

    schema = json.loads((REPO / "schemas" / "vote.schema.json").read_text(encoding="utf-8"))
    record = load_yaml(REPO / "civicdata" / "data" / "vote" / "pars-contract-renewal-2018.yaml")
    assert Draft202012Validator(schema).is_valid(record)
    changed = {**record, field: value}
    assert not Draft202012Validator(schema).is_valid(changed)
    with pytest.raises(ValidationError):
        MODELS["vote"].model_validate(changed)
