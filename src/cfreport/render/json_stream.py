"""A pydantic model as indented JSON, produced piece by piece, the same text as
`model_dump_json(indent=2)`: a summary of thousands of workbooks is hundreds of megabytes of
JSON, and is written as it is made, never held whole.

The fields named in `deep` are lists written item by item (each item dumped alone, or streamed
in turn when `deep` names its own fields); every other field is dumped alone with pydantic's
own serializers, so the text is byte for byte what dumping the whole model gives.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

Deep = Mapping[str, "Deep"]
STEP = 2


def _indented(text: str, indent: int) -> str:
    """`text` dumped at the top level, moved `indent` spaces right (its first line is not)."""
    return text.replace("\n", "\n" + " " * indent) if indent else text


def json_chunks(
    model: BaseModel, deep: Deep, context: Mapping[str, Any] | None = None, indent: int = 0
) -> Iterator[str]:
    """`model` as `model_dump_json(indent=2)` writes it, a field (or a list item) at a time."""
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
                    yield from json_chunks(item, deep[name], ctx, indent + 2 * STEP)
                else:
                    text = item.model_dump_json(indent=STEP, context=ctx)
                    yield _indented(text, indent + 2 * STEP)
                yield ",\n" if j < len(value) - 1 else "\n"
            yield pad + "]"
        else:
            text = model.model_dump_json(indent=STEP, include={name}, context=ctx)
            # '{\n  "name": VALUE\n}': the value, as the whole model's dump has it at its depth.
            head = len(f'{{\n{" " * STEP}"{name}": ')
            yield _indented(text[head:-2], indent)
        yield ",\n" if i < len(names) - 1 else "\n"
    yield " " * indent + "}"
