"""A clinic's pictures given as files beside the protocol (format 1.2): read when the
protocol file is read, checked, and carried inline from then on as ``data:`` URIs, so that
a plan made from the protocol, written anywhere, still has them."""

from __future__ import annotations

import base64
import copy
import json
import os
from collections.abc import Iterator, Mapping
from typing import Any

from rehabkit._core.errors import Problem
from rehabkit._documents.reading import MAX_BYTES
from rehabkit._model.media import IMAGE_TYPES, MAX_IMAGE_BYTES, image_format, image_problem

__all__: list[str] = []


def _list(data: Any, name: str) -> list[Any]:
    value = data.get(name) if isinstance(data, Mapping) else None
    return value if isinstance(value, list) else []


def _images(data: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, media item) of each picture given as a file, in a protocol or a plan's one."""
    inner = data.get("protocol") if isinstance(data, Mapping) else None
    protocol, prefix = (inner, "protocol.") if isinstance(inner, Mapping) else (data, "")
    for i, ex in enumerate(_list(protocol, "exercises")):
        for j, item in enumerate(_list(ex, "media")):
            image = item.get("image") if isinstance(item, Mapping) else None
            if isinstance(image, str) and not image.startswith("data:"):
                yield f"{prefix}exercises[{i}].media[{j}].image", item


def _read(folder: str, name: str) -> tuple[bytes | None, str | None]:
    """The file's bytes, or what stops them being a picture."""
    path = os.path.join(folder, name)
    if not os.path.isfile(path):
        return None, f"no picture file {name!r} beside the protocol ({os.path.abspath(path)})"
    size = os.path.getsize(path)
    if size > MAX_IMAGE_BYTES:
        return None, f"the picture {name!r} is {size:,} bytes; at most {MAX_IMAGE_BYTES:,}"
    try:
        with open(path, "rb") as f:
            content = f.read(MAX_IMAGE_BYTES + 1)
    except OSError as exc:
        return None, f"the picture {name!r} cannot be read: {exc.strerror or exc}"
    problem = image_problem(content)
    return (None, f"the picture {name!r} {problem}") if problem else (content, None)


def inline(data: Any, folder: str) -> tuple[Any, list[Problem]]:
    """``data`` with each picture file (relative to ``folder``) as a ``data:`` URI, and a
    problem for each that is missing, too large or not a picture (left as it was)."""
    found = list(_images(data))
    if not found:
        return data, []
    data = copy.deepcopy(data)
    problems = []
    for path, item in _images(data):
        content, problem = _read(folder, item["image"])
        if content is None:
            problems.append(Problem(path, problem or "not a picture", item["image"]))
            continue
        kind = IMAGE_TYPES[image_format(content) or "png"]
        item["image"] = f"data:{kind};base64," + base64.b64encode(content).decode("ascii")
    return data, problems or _size_problems(data)


#: The most a protocol may hold with its pictures read in (the editors' choice): a plan
#: made of it adds the person's details and must still be a document rehabkit reads.
MAX_WITH_PICTURES = MAX_BYTES - 200_000


def _size_problems(data: Any) -> list[Problem]:
    size = len(json.dumps(data, ensure_ascii=False).encode("utf-8"))
    if size <= MAX_WITH_PICTURES:
        return []
    return [
        Problem(
            "",
            f"with its pictures read in, this document would be {size:,} bytes; at most"
            f" {MAX_WITH_PICTURES:,} (so that a plan made of it can be read back): make the"
            " pictures smaller or fewer",
        )
    ]
