"""Map a field path like ``("roles", 0, "start")`` back to a YAML line and column."""

from __future__ import annotations

from collections.abc import Callable

from yaml.nodes import MappingNode, Node, SequenceNode

from .problems import Loc, Target
from .strict_yaml import compose


def _child(
    node: Node, part: str | int, keys: dict[int, dict[object, tuple[Node, Node]]]
) -> tuple[Node, Node | None] | None:
    """The (key node, value node) for ``part`` inside ``node``, if present.

    A mapping's keys are indexed once (first occurrence wins), so locating
    thousands of problems in one wide mapping stays linear.
    """
    if isinstance(node, MappingNode) and isinstance(part, str):
        index = keys.get(id(node))
        if index is None:
            index = keys[id(node)] = {}
            for key_node, value_node in node.value:
                index.setdefault(key_node.value, (key_node, value_node))
        return index.get(part)
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part], None
    return None


def locate(text: str, loc: Loc, target: Target = Target.VALUE) -> tuple[int, int]:
    """1-based position of the deepest node of ``loc`` that exists in ``text``.

    A missing field resolves to the mapping that should hold it; an unknown
    field (``Target.KEY``) to its key rather than its value.
    """
    return locator(text)(loc, target)


def locator(text: str) -> Callable[[Loc, Target], tuple[int, int]]:
    """Parse ``text`` once; the function returned locates any number of field paths."""
    try:
        root = compose(text)
    except Exception:  # the YAML error itself was already reported with its position
        root = None

    keys: dict[int, dict[object, tuple[Node, Node]]] = {}

    def find(loc: Loc, target: Target = Target.VALUE) -> tuple[int, int]:
        if root is None:
            return 1, 1
        node, mark = root, root.start_mark
        for index, part in enumerate(loc):
            found = _child(node, part, keys)
            if found is None:
                break
            key_node, value_node = found
            last = index == len(loc) - 1
            if value_node is None:  # sequence item
                node = key_node
                mark = node.start_mark
            elif last and target is Target.KEY:
                mark = key_node.start_mark
            else:
                node = value_node
                mark = value_node.start_mark
        return mark.line + 1, mark.column + 1

    return find
