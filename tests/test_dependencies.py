"""The libyaml internals the strict loader relies on, checked loudly.

civicdata/strict_yaml.py subclasses ``yaml._yaml.CParser`` (PyYAML's private
Cython module) and replaces its ``resolve``, ``descend_resolver`` and
``ascend_resolver`` hooks with builtins, so untagged nodes carry a ``slice``
as their tag. pyproject.toml pins PyYAML below 7; if a release changes any
of this, these tests say exactly what moved instead of every record failing
with a confusing error.
"""

from __future__ import annotations

import re
from importlib.metadata import requires, version

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from civicdata import strict_yaml


def test_pyyaml_is_pinned_below_7_and_installed_so():
    [requirement] = [r for r in requires("civicdata") if r.lower().startswith("pyyaml")]
    assert re.fullmatch(
        r"pyyaml\s*(>=\s*6[\d.]*\s*,\s*<\s*7|<\s*7\s*,\s*>=\s*6[\d.]*)", requirement, re.I
    ), requirement
    major = int(version("pyyaml").split(".")[0])
    assert major == 6, (
        f"PyYAML {version('pyyaml')} is installed; strict_yaml.py was written for 6.x"
    )


def test_the_c_parser_is_there_and_keeps_its_hooks():
    from yaml._yaml import CParser

    assert issubclass(strict_yaml._StrictParser, CParser)
    for method in ("get_single_node", "dispose"):
        assert hasattr(CParser, method), f"yaml._yaml.CParser has no `{method}` any more"
    # The resolver hooks are looked up on the instance while composing (the next test
    # shows they are called); a CParser that defined its own would bypass ours.
    for hook in ("resolve", "descend_resolver", "ascend_resolver"):
        assert hook not in vars(CParser), f"yaml._yaml.CParser now defines `{hook}` itself"


def test_untagged_nodes_carry_what_resolve_returned():
    """libyaml calls resolve(kind, value, implicit) per node and stores the result as the tag."""
    node = strict_yaml.compose("a: 1\nb: [x, 'y']\nc: {d: e}\nf: !custom g\n")
    assert isinstance(node, MappingNode) and node.tag.__class__ is slice
    values = dict((k.value, v) for k, v in node.value)
    assert isinstance(values["a"], ScalarNode) and values["a"].tag.__class__ is slice
    assert isinstance(values["b"], SequenceNode) and values["b"].tag.__class__ is slice
    assert values["b"].value[1].style == "'"  # quoting style is what types scalars
    assert values["f"].tag == "!custom"  # an explicit tag still arrives as text
    assert (values["a"].start_mark.line, values["a"].start_mark.column) == (0, 3)


def test_the_loader_still_types_and_refuses_as_designed():
    assert strict_yaml.loads("a: 1\nb: no\nc: 2018-08-31\nd: 'true'\ne: true\n") == {
        "a": 1,
        "b": "no",
        "c": "2018-08-31",
        "d": "true",
        "e": True,
    }
    for text, message in [
        ("a: 1\na: 2\n", "duplicate key"),
        ("a: !x 1\n", "tags"),
        ("a: &x 1\nb: *x\n", "anchors"),
    ]:
        try:
            strict_yaml.loads(text)
        except strict_yaml.YamlProblem as problem:
            assert message in problem.message, (text, problem.message)
        else:
            raise AssertionError(f"{text!r} was accepted")
    assert isinstance(yaml.__version__, str)
