"""Mutants of a Python reference solution: the usual operators, one place at a time.

Written on :mod:`ast` rather than with mutmut: mutmut wants its own
configuration and a test command per run (a whole pytest session for each
mutant, against a copied tree), while the grader already is the test
command; the operators below are a few dozen lines each.

Each mutation edits the source *text* at the mutated node's span (the
node's replacement is :func:`ast.unparse`-d, parenthesized, and padded with
newlines to keep the line count), so the rest of the file keeps its
formatting and its line numbers, and the grader's messages about a mutant
point at the lines of the reference.

Operators (the names the equivalents list uses):

- ``compare-boundary`` ``<``/``<=``, ``>``/``>=``; ``compare-negated`` each
  comparison to its negation (``==``/``!=``, ``<``/``>=``, ``is``/``is not``);
  ``compare-reversed`` ``<``/``>``, ``<=``/``>=``; ``in-flipped`` ``in``/``not in``
- ``and-or``; ``not-dropped``; ``not-added`` (to an ``if``/``while``/
  conditional-expression test and to a comprehension filter)
- ``min-max``; ``sort-key-dropped``; ``reverse-flipped``; ``sorted-dropped``
  (``sorted(x)`` becomes ``list(x)``)
- ``index-first-last`` ``[0]``/``[-1]``; ``constant-plus-minus-1`` on integers
- ``augassign-to-assign`` ``+=`` to ``=``; ``filter-dropped`` (a comprehension's
  ``if`` becomes ``True``); ``statement-deleted`` (inside a function or class;
  docstrings, imports and definitions are not deleted)
- ``method-dropped`` ``.lower()``, ``.upper()``, ``.strip()``, ``.casefold()``
- ``set-to-list`` ``set()``, set comprehensions and set literals
- ``return-empty`` the returned value replaced by the empty value of the
  function's annotated return type
- ``strict-loosened`` ``StrictInt`` to ``int`` (and Str, Float, Bool);
  ``field-constraint-dropped`` one keyword of a Pydantic ``Field(...)``
- ``sql-*`` inside SQL text: comparison boundaries and negation, ``AND``/``OR``,
  ``DESC``/``ASC``, ``DISTINCT`` dropped, the last ``ORDER BY`` key dropped,
  a ``'YYYY-MM-DD'`` literal moved a day
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import Mutant

DELETE = "pass"
ATOMIC = (ast.Name, ast.Constant, ast.Call, ast.Attribute, ast.Subscript, ast.List, ast.Dict)
ORDERING = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt}
NEGATED = {
    ast.Lt: ast.GtE,
    ast.LtE: ast.Gt,
    ast.Gt: ast.LtE,
    ast.GtE: ast.Lt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
REVERSED = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE}
DROPPED_METHODS = {"lower", "upper", "strip", "casefold", "lstrip", "rstrip"}
STRICT = {"StrictInt": "int", "StrictStr": "str", "StrictFloat": "float", "StrictBool": "bool"}
EMPTY = {
    "list": "[]",
    "dict": "{}",
    "str": "''",
    "int": "0",
    "float": "0.0",
    "bool": "False",
    "tuple": "()",
    "set": "set()",
}


@dataclass(frozen=True)
class Edit:
    """Replace the source between two byte offsets; the mutation in text form."""

    operator: str
    start: int
    end: int
    text: str
    scope: str


_Located = ast.expr | ast.stmt  # the nodes with a place in the source


def _end(node: _Located) -> tuple[int, int]:
    """Where a parsed node ends (ast.parse sets it; the stubs allow None for built nodes)."""
    if node.end_lineno is None or node.end_col_offset is None:
        raise ValueError(f"{type(node).__name__} on line {node.lineno} has no end position")
    return node.end_lineno, node.end_col_offset


class _Source:
    """Byte offsets of (line, column) positions, as :mod:`ast` gives columns in UTF-8 bytes."""

    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8")
        self.starts = [0]
        for index, byte in enumerate(self.data):
            if byte == 0x0A:
                self.starts.append(index + 1)

    def span(self, node: _Located) -> tuple[int, int]:
        start = self.starts[node.lineno - 1] + node.col_offset
        end_line, end_column = _end(node)
        return start, self.starts[end_line - 1] + end_column

    def segment(self, node: _Located) -> str:
        start, end = self.span(node)
        return self.data[start:end].decode("utf-8")


def _expression_text(node: ast.AST, lines: int) -> str:
    """``node`` as source to put where an expression was: parenthesized, same line count."""
    text = ast.unparse(node)
    padding = "\n" * lines
    if (isinstance(node, ATOMIC) or _integer(node) is not None) and not padding:
        return text
    return f"({text}{padding})"


def _statement_text(text: str, lines: int) -> str:
    return text + "\n" * lines


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return "." + node.func.attr
    return None


def _with(node: ast.AST, **changes: object) -> ast.AST:
    new = copy.deepcopy(node)
    for name, value in changes.items():
        setattr(new, name, value)
    return new


def _compare(node: ast.Compare) -> Iterator[tuple[str, ast.AST]]:
    for index, op in enumerate(node.ops):
        kind = type(op)
        options = []
        if kind in ORDERING:
            options.append(("compare-boundary", ORDERING[kind]))
        if kind in NEGATED:
            options.append(("compare-negated", NEGATED[kind]))
        if kind in REVERSED:
            options.append(("compare-reversed", REVERSED[kind]))
        if kind in (ast.In, ast.NotIn):
            options.append(("in-flipped", ast.NotIn if kind is ast.In else ast.In))
        for name, replacement in options:
            ops = list(node.ops)
            ops[index] = replacement()
            yield name, _with(node, ops=ops)


def _call(node: ast.Call) -> Iterator[tuple[str, ast.AST]]:
    name = _call_name(node)
    keywords = {k.arg: k for k in node.keywords}
    if name in ("min", "max"):
        yield "min-max", _with(node, func=ast.Name("max" if name == "min" else "min", ast.Load()))
    if name in ("sorted", ".sort", "min", "max") and "key" in keywords:
        yield "sort-key-dropped", _with(node, keywords=[k for k in node.keywords if k.arg != "key"])
    if name in ("sorted", ".sort"):
        if "reverse" in keywords:
            flipped = ast.UnaryOp(ast.Not(), keywords["reverse"].value)
            others = [k for k in node.keywords if k.arg != "reverse"]
            flipped_keywords = [*others, ast.keyword("reverse", flipped)]
            yield "reverse-flipped", _with(node, keywords=flipped_keywords)
        else:
            added = ast.keyword("reverse", ast.Constant(True))
            yield "reverse-flipped", _with(node, keywords=[*node.keywords, added])
    if name == "sorted" and node.args:
        yield "sorted-dropped", ast.Call(ast.Name("list", ast.Load()), node.args[:1], [])
    if name and name[1:] in DROPPED_METHODS and not node.args and not node.keywords:
        assert isinstance(node.func, ast.Attribute)
        yield "method-dropped", node.func.value
    if name == "set":
        yield "set-to-list", _with(node, func=ast.Name("list", ast.Load()))
    if name == "Field":
        for keyword in node.keywords:
            kept = [k for k in node.keywords if k is not keyword]
            yield "field-constraint-dropped", _with(node, keywords=kept)


def _index(node: ast.Subscript) -> Iterator[tuple[str, ast.AST]]:
    index = node.slice
    if isinstance(index, ast.Constant) and index.value == 0 and type(index.value) is int:
        last = ast.UnaryOp(ast.USub(), ast.Constant(1))
        yield "index-first-last", _with(node, slice=last)
    if (
        isinstance(index, ast.UnaryOp)
        and isinstance(index.op, ast.USub)
        and isinstance(index.operand, ast.Constant)
        and index.operand.value == 1
    ):
        yield "index-first-last", _with(node, slice=ast.Constant(0))


def _integer(node: ast.AST) -> int | None:
    """The integer a literal spells: ``3``, or ``-1`` (a minus applied to a constant)."""
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _integer(node.operand)
        return -inner if inner is not None else None
    return None


def expression_mutations(node: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """The context-free mutations of one expression node: (operator, replacement)."""
    if isinstance(node, ast.Compare):
        yield from _compare(node)
    elif isinstance(node, ast.BoolOp):
        yield "and-or", _with(node, op=ast.Or() if isinstance(node.op, ast.And) else ast.And())
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "not-dropped", node.operand
    elif isinstance(node, ast.Call):
        yield from _call(node)
    elif isinstance(node, ast.SetComp):
        yield "set-to-list", ast.ListComp(node.elt, node.generators)
    elif isinstance(node, ast.Set):
        yield "set-to-list", ast.List(node.elts, ast.Load())
    elif isinstance(node, ast.Subscript):
        yield from _index(node)
    elif (number := _integer(node)) is not None:
        for delta in (1, -1):
            value = number + delta
            negative = ast.UnaryOp(ast.USub(), ast.Constant(-value))
            yield "constant-plus-minus-1", ast.Constant(value) if value >= 0 else negative
    elif isinstance(node, ast.Name) and node.id in STRICT:
        yield "strict-loosened", ast.Name(STRICT[node.id], ast.Load())


def _empty_of(returns: ast.expr | None) -> str | None:
    if returns is None:
        return None
    parts = [part.strip() for part in ast.unparse(returns).split("|")]
    if "None" in parts:
        return "None"
    return EMPTY.get(parts[0].split("[")[0])


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


SQL_TOKENS = [
    ("sql-compare-boundary", r">=", ">"),
    ("sql-compare-boundary", r"<=", "<"),
    ("sql-compare-boundary", r"(?<![<>!])>(?!=)", ">="),
    ("sql-compare-boundary", r"(?<![<>])<(?![=>])", "<="),
    ("sql-compare-negated", r"(?<![<>!=])=(?!=)", "!="),
    ("sql-and-or", r"\bAND\b", "OR"),
    ("sql-and-or", r"\bOR\b", "AND"),
    ("sql-order-flipped", r"\bDESC\b", "ASC"),
    ("sql-order-flipped", r"\bASC\b", "DESC"),
    ("sql-distinct-dropped", r"\bDISTINCT\s+", ""),
    ("sql-tie-break-dropped", r",[ \t]*[\w.]+([ \t]+(ASC|DESC))?[ \t]*$", ""),
]


def _sql_edits(text: str) -> Iterator[tuple[str, int, int, str]]:
    """(operator, start, end, replacement) inside SQL text, one token at a time."""
    for operator, pattern, replacement in SQL_TOKENS:
        flags = re.MULTILINE if operator == "sql-tie-break-dropped" else 0
        for match in re.finditer(pattern, text, flags):
            if operator == "sql-tie-break-dropped":
                line_start = text.rfind("\n", 0, match.start()) + 1
                if not text[line_start:].upper().startswith("ORDER BY"):
                    continue
            yield operator, match.start(), match.end(), replacement
    for match in re.finditer(r"'(\d{4}-\d\d-\d\d)'", text):
        day = dt.date.fromisoformat(match.group(1))
        for delta in (1, -1):
            moved = f"'{(day + dt.timedelta(days=delta)).isoformat()}'"
            yield "sql-date-moved", match.start(), match.end(), moved


class _Collector:
    """Walks one module and gathers every :class:`Edit`, in source order."""

    def __init__(self, source: _Source) -> None:
        self.source = source
        self.edits: list[Edit] = []

    def replace(self, operator: str, node: ast.expr, new: ast.AST, scope: str) -> None:
        start, end = self.source.span(node)
        lines = _end(node)[0] - node.lineno
        self.edits.append(Edit(operator, start, end, _expression_text(new, lines), scope))

    def replace_statement(self, operator: str, node: ast.stmt, text: str, scope: str) -> None:
        start, end = self.source.span(node)
        lines = _end(node)[0] - node.lineno
        self.edits.append(Edit(operator, start, end, _statement_text(text, lines), scope))

    # --- statements ----------------------------------------------------------------

    def body(self, statements: list[ast.stmt], scope: str, returns: ast.expr | None) -> None:
        for number, statement in enumerate(statements):
            if number == 0 and _is_docstring(statement):
                continue
            self.statement(statement, scope, returns)

    def statement(self, node: ast.stmt, scope: str, returns: ast.expr | None) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            return
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = node.name if scope == "<module>" else f"{scope}.{node.name}"
            self.body(node.body, name, node.returns)
            return
        if isinstance(node, ast.ClassDef):
            name = node.name if scope == "<module>" else f"{scope}.{node.name}"
            self.body(node.body, name, None)
            return
        inside = scope != "<module>"
        if inside and not isinstance(node, ast.Pass):
            self.replace_statement("statement-deleted", node, DELETE, scope)
        if isinstance(node, ast.Return) and node.value is not None and inside:
            empty = _empty_of(returns)
            if empty is not None and ast.unparse(node.value) != empty:
                self.replace_statement("return-empty", node, f"return {empty}", scope)
        if isinstance(node, ast.AugAssign):
            assign = ast.Assign([node.target], node.value, lineno=0)
            self.replace_statement("augassign-to-assign", node, ast.unparse(assign), scope)
        if isinstance(node, ast.AnnAssign):
            self.annotation(node.annotation, scope)
            if node.value is not None:
                self.expression(node.value, scope)
            return
        for field, value in ast.iter_fields(node):
            if field in ("targets", "target"):
                continue  # what is assigned to stays: a mutant of a name is not an answer
            if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                for statement in value:
                    self.statement(statement, scope, returns)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.expr):
                        self.expression(item, scope)
                    elif isinstance(item, ast.excepthandler | ast.withitem | ast.match_case):
                        self.generic(item, scope, returns)
            elif isinstance(value, ast.expr):
                if field == "test" and isinstance(node, ast.If | ast.While):
                    self.condition(value, scope)
                self.expression(value, scope)

    def generic(self, node: ast.AST, scope: str, returns: ast.expr | None) -> None:
        for _, value in ast.iter_fields(node):
            values = value if isinstance(value, list) else [value]
            for item in values:
                if isinstance(item, ast.stmt):
                    self.statement(item, scope, returns)
                elif isinstance(item, ast.expr):
                    self.expression(item, scope)

    # --- expressions ---------------------------------------------------------------

    def annotation(self, node: ast.expr, scope: str) -> None:
        """Annotations are not run, except a Pydantic field's type: only loosen it."""
        for name in ast.walk(node):
            if isinstance(name, ast.Name) and name.id in STRICT:
                self.replace("strict-loosened", name, ast.Name(STRICT[name.id], ast.Load()), scope)

    def condition(self, node: ast.expr, scope: str) -> None:
        if not (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
            self.replace("not-added", node, ast.UnaryOp(ast.Not(), node), scope)

    def expression(self, node: ast.expr, scope: str) -> None:
        if isinstance(node, ast.JoinedStr):
            return  # f-strings: messages; their inner positions are not reliable on 3.11
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            self.sql(node, scope)
            return
        for operator, new in expression_mutations(node):
            self.replace(operator, node, new, scope)
        if _integer(node) is not None:
            return  # -1 is one literal: ±1 gives -2 and 0, never the -0 of its inner 1
        if isinstance(node, ast.IfExp):
            self.condition(node.test, scope)
        if isinstance(node, ast.Lambda):
            self.expression(node.body, scope)
            return
        for field, value in ast.iter_fields(node):
            if isinstance(node, ast.comprehension) and field == "target":
                continue
            values = value if isinstance(value, list) else [value]
            for item in values:
                if isinstance(item, ast.comprehension):
                    self.comprehension(item, scope)
                elif isinstance(item, ast.keyword):
                    self.expression(item.value, scope)
                elif isinstance(item, ast.expr):
                    self.expression(item, scope)

    def comprehension(self, node: ast.comprehension, scope: str) -> None:
        self.expression(node.iter, scope)
        for test in node.ifs:
            self.replace("filter-dropped", test, ast.Constant(True), scope)
            self.condition(test, scope)
            self.expression(test, scope)

    def sql(self, node: ast.Constant, scope: str) -> None:
        value = node.value  # a str: expression() sends only text constants here
        if not isinstance(value, str) or "SELECT" not in value.upper():
            return
        segment = self.source.segment(node)
        quote = next((q for q in ('"""', "'''", '"', "'") if segment.startswith(q)), None)
        if quote is None or segment[len(quote) : -len(quote)] != value:
            return  # escapes or a prefix: the text is not the value, leave it alone
        start, _ = self.source.span(node)
        offset = start + len(quote.encode())
        for operator, begin, end, replacement in _sql_edits(value):
            head = len(value[:begin].encode())
            tail = len(value[:end].encode())
            self.edits.append(Edit(operator, offset + head, offset + tail, replacement, scope))


def _changed_lines(before: str, after: str) -> tuple[str, str, int]:
    old, new = before.splitlines(), after.splitlines()
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    if not changed:
        return "", "", 0

    def show(lines: list[str]) -> str:
        return " ".join(filter(None, (" ".join(lines[i].split()) for i in changed)))

    return show(old), show(new), changed[0] + 1


def mutants_of(source: str, exercise: str, filename: str) -> list[Mutant]:
    """Every mutant of ``source`` (one change each), deduplicated by the text it gives.

    A change that gives the same program as the reference (same AST) is not a
    mutant; neither is one whose text does not compile (none should, but an
    operator is not trusted blindly).
    """
    tree = ast.parse(source)
    text = _Source(source)
    collector = _Collector(text)
    collector.body(tree.body, "<module>", None)
    reference = ast.dump(tree)
    seen = {source}
    found: list[Mutant] = []
    names: dict[tuple, int] = {}
    for edit in collector.edits:
        data = text.data[: edit.start] + edit.text.encode() + text.data[edit.end :]
        mutated = data.decode("utf-8")
        if mutated in seen:
            continue
        seen.add(mutated)
        try:
            if ast.dump(ast.parse(mutated)) == reference:
                continue
            compile(mutated, filename, "exec")
        except SyntaxError as error:  # an operator bug; say so rather than grade it
            raise ValueError(f"{exercise}: {edit.operator} gave invalid Python: {error}") from None
        line, changed, lineno = _changed_lines(source, mutated)
        key = (edit.scope, edit.operator, line, changed)
        names[key] = names.get(key, 0) + 1
        if names[key] > 1:
            changed += f"  (occurrence {names[key]})"
        found.append(
            Mutant(
                exercise, edit.scope, edit.operator, line, changed, ((filename, mutated),), lineno
            )
        )
    return found
