"""A pydantic model as indented JSON, produced piece by piece, the same text as
`model_dump_json(indent=2)`: a summary of thousands of workbooks is hundreds of megabytes of
JSON, and is written as it is made, never held whole.

The fields named in `deep` are lists written item by item (each item dumped alone, or streamed
in turn when `deep` names its own fields). Any other field is dumped alone with pydantic's own
serializers, unless it holds more than `HEAVY` items (a figure of every initiative has tens of
thousands of source cells): then it is written part by part too, down to its long lists, which
go `BATCH` items at a time. The text is byte for byte what dumping the whole model gives.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from itertools import repeat
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_json

from cfreport.figures import Figure
from cfreport.forked import Make, made_here
from cfreport.packed import PackedSources

Deep = Mapping[str, "Deep"]
STEP = 2
HEAVY = 5_000
"""Items (list items, dict entries, model fields) from which a value is not dumped whole: the
dump of a figure of 100,000 cells would hold 100,000 dicts and a 15 MB string at once."""
WHOLE = sys.maxsize
"""No limit: a piece's whole weight."""
BATCH = 1_000
"""Items of a long list of plain values dumped at a time."""


def _indented(text: str, indent: int) -> str:
    """`text` dumped at the top level, moved `indent` spaces right (its first line is not)."""
    return text.replace("\n", "\n" + " " * indent) if indent else text


def weight(value: Any, limit: int) -> int:
    """How many items `value` holds, counted until `limit` is passed (a named tuple, a cell,
    is one value)."""
    if _atom(value):
        return 0
    if isinstance(value, BaseModel):
        total = 0
        for name in type(value).model_fields:
            total += 1 + weight(getattr(value, name), limit - total)
            if total > limit:
                break
        return total
    if isinstance(value, Mapping):
        total = 0
        for item in value.values():
            total += 1 + weight(item, limit - total)
            if total > limit:
                break
        return total
    if isinstance(value, Sequence):
        if not value or not isinstance(value[0], BaseModel | Mapping):
            return len(value)
        total = 0
        for item in value:
            total += 1 + weight(item, limit - total)
            if total > limit:
                break
        return total
    return 0


def json_chunks(
    model: BaseModel,
    deep: Deep,
    context: Mapping[str, Any] | None = None,
    indent: int = 0,
    make: Make = made_here,
) -> Iterator[str]:
    """`model` as `model_dump_json(indent=2)` writes it, a field (or a list item) at a time.

    Each field's value, and each item of a list in `deep`, is a piece of the text handed to
    `make` (`forked.in_two` shares them out between two processes)."""
    ctx = dict(context or {})
    names = list(type(model).model_fields)
    pad = " " * (indent + STEP)
    yield "{\n"
    for i, name in enumerate(names):
        value = getattr(model, name)
        yield f'{pad}"{name}": '
        if name in deep and isinstance(value, list | tuple) and value:
            inner = " " * (indent + 2 * STEP)
            yield "[\n"
            for j, item in enumerate(value):
                yield inner
                if deep[name] and isinstance(item, BaseModel):
                    yield from json_chunks(item, deep[name], ctx, indent + 2 * STEP, make)
                else:
                    yield from make(
                        partial(_value, item, ctx, indent + 2 * STEP), weight(item, WHOLE)
                    )
                yield ",\n" if j < len(value) - 1 else "\n"
            yield pad + "]"
        else:
            size = weight(value, WHOLE) if value else 0
            if size > HEAVY and _walkable(model, name):
                yield from make(partial(_part, model, name, value, ctx, indent + STEP), size)
            else:
                yield from make(partial(_field_piece, model, name, ctx, indent), size)
        yield ",\n" if i < len(names) - 1 else "\n"
    yield " " * indent + "}"


def _atom(value: Any) -> bool:
    return isinstance(value, str | bytes) or (
        isinstance(value, tuple) and hasattr(value, "_fields")
    )


def _own_serializer(model: BaseModel) -> bool:
    return bool(type(model).__pydantic_decorators__.model_serializers)


def _walkable(model: BaseModel, name: str) -> bool:
    """Whether a field can be written part by part: pydantic's serializers would write it as
    it is (a field serializer writes it its own way; `_part` uses it for lists of plain items)."""
    if _own_serializer(model):
        return False
    value = getattr(model, name)
    plain = (
        isinstance(value, Sequence)
        and not _atom(value)
        and len(value) > 0
        and not isinstance(value[0], BaseModel | Mapping)
    )
    serialized = any(
        name in d.info.fields
        for d in type(model).__pydantic_decorators__.field_serializers.values()
    )
    return plain or not serialized


def _field(model: BaseModel, name: str, ctx: dict[str, Any], indent: int) -> str:
    """One field's value, dumped alone, at `indent` (the depth of `model`)."""
    text = model.model_dump_json(indent=STEP, include={name}, context=ctx)
    # '{\n  "name": VALUE\n}': the value, as the whole model's dump has it at its depth.
    head = len(f'{{\n{" " * STEP}"{name}": ')
    return _indented(text[head:-2], indent)


def _field_piece(model: BaseModel, name: str, ctx: dict[str, Any], indent: int) -> Iterator[str]:
    yield _field(model, name, ctx, indent)


def _value(value: Any, ctx: dict[str, Any], indent: int) -> Iterator[str]:
    """A model, or a value of a heavy field, written at `indent` (its own depth)."""
    if isinstance(value, BaseModel):
        if not _own_serializer(value) and weight(value, HEAVY) > HEAVY:
            yield from json_chunks(value, {}, ctx, indent)
        else:
            yield _indented(value.model_dump_json(indent=STEP, context=ctx), indent)
    else:
        if isinstance(value, Sequence) and not isinstance(value, str | bytes | list | tuple):
            value = tuple(value)  # kept as columns (`packed`): written as the tuple it is
        yield _indented(to_json(value, indent=STEP).decode(), indent)


def _part(
    model: BaseModel, name: str, value: Any, ctx: dict[str, Any], indent: int
) -> Iterator[str]:
    """A heavy field's value written part by part, at `indent` (the value's own depth)."""
    inner = " " * (indent + STEP)
    if isinstance(value, BaseModel):
        yield from json_chunks(value, {}, ctx, indent)
    elif isinstance(value, Mapping):
        yield "{\n"
        for j, (key, item) in enumerate(value.items()):
            yield f"{inner}{to_json(str(key)).decode()}: "
            yield from _value(item, ctx, indent + STEP)
            yield ",\n" if j < len(value) - 1 else "\n"
        yield " " * indent + "}"
    elif isinstance(value[0], BaseModel | Mapping):
        yield "[\n"
        for j, item in enumerate(value):
            yield inner
            yield from _value(item, ctx, indent + STEP)
            yield ",\n" if j < len(value) - 1 else "\n"
        yield " " * indent + "]"
    elif isinstance(value, PackedSources) and isinstance(model, Figure) and name == "sources":
        yield from _sources(value, indent)
    else:
        # Plain items (a figure's cells) through the field's own serializer, a batch at a time.
        yield "[\n"
        batch: list[Any] = []
        first = True
        for item in value:
            batch.append(item)
            if len(batch) == BATCH:
                yield from _batch(model, name, batch, ctx, indent, first)
                batch, first = [], False
        if batch:
            yield from _batch(model, name, batch, ctx, indent, first)
        yield "\n" + " " * indent + "]"


def _sources(sources: PackedSources, indent: int) -> Iterator[str]:
    """A figure's cells as `Figure`'s serializer and pydantic write them (at `indent`, the
    list's depth), from the columns they are kept in: a summary of thousands of workbooks
    writes millions of cells, and making a dict of each took more time than writing it."""
    pad, key = " " * (indent + STEP), " " * (indent + 2 * STEP)
    table = sources.table
    columns, rows, values = sources.arrays()
    if not rows:
        yield "[]"
        return
    # Per column: the lines before the cell's row, and the cell where it has no row.
    heads: dict[int, tuple[str, str]] = {}
    lines: list[str] = []
    sep = ""
    yield "["
    for column, row, value in zip(columns, rows, values or repeat(None, len(rows)), strict=True):
        found = heads.get(column)
        if found is None:
            file, sheet, letter = table[column]
            head = f'{pad}{{\n{key}"file": {_json(file)},\n{key}"sheet": {_json(sheet)},\n'
            # With a row, a column's letters (A-Z: nothing to escape); without, the cell kept.
            found = heads[column] = (f'{head}{key}"cell": "{letter}', f'{head}{key}"cell": ')
        cell = f'{found[0]}{row}"' if row else f"{found[1]}{_json(table[column][2])}"
        lines.append(f'{cell},\n{key}"value": {_value_json(value)}\n{pad}}}')
        if len(lines) == BATCH:
            yield sep + "\n" + ",\n".join(lines)
            lines, sep = [], ","
    if lines:
        yield sep + "\n" + ",\n".join(lines)
    yield "\n" + " " * indent + "]"


def _json(value: Any) -> str:
    return to_json(value).decode()


def _value_json(value: Any) -> str:
    """A cell's value as pydantic writes it; an integer, or text with nothing to escape (an id,
    a code), without calling it: a summary writes millions."""
    kind = type(value)
    if kind is int:
        return str(value)
    plain = kind is str and value.isascii() and value.isprintable()
    if plain and '"' not in value and "\\" not in value:
        return f'"{value}"'
    return to_json(value).decode()


def _batch(
    model: BaseModel, name: str, items: list[Any], ctx: dict[str, Any], indent: int, first: bool
) -> Iterator[str]:
    text = model.model_copy(update={name: tuple(items)}).model_dump_json(
        indent=STEP, include={name}, context=ctx
    )
    # '{\n  "name": [\n    ITEM,\n    ITEM\n  ]\n}': the items, moved to the list's depth.
    head = len(f'{{\n{" " * STEP}"{name}": [\n')
    body = text[head : -len(f"\n{' ' * STEP}]\n}}")]
    if not first:
        yield ",\n"
    yield " " * (indent - STEP) + _indented(body, indent - STEP)
