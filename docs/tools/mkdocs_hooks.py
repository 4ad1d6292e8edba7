"""MkDocs hooks: the README is the site's home page and the changelog a page, and the
schemas and bundled protocols the docs link to are served beside them, so that every link
works both on the site and in the repository."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]


def _readme() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.replace("](docs/", "](").replace("](CHANGELOG.md)", "](changelog.md)")


def on_files(files: Files, config: Any) -> Files:
    """Add the README (as index.md), the changelog, the schemas and the protocols."""

    def add(uri: str, content: str | bytes) -> None:
        files.append(File.generated(config, uri, content=content))

    add("index.md", _readme())
    add("changelog.md", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    for folder in ("schemas", "protocols"):
        for path in sorted((ROOT / folder).glob("*.json")):
            add(f"{folder}/{path.name}", path.read_bytes())
    return files


def on_page_markdown(markdown: str, **_: Any) -> str:
    """Links to ../schemas and ../protocols, as the repository lays them out."""
    return markdown.replace("](../schemas/", "](schemas/").replace(
        "](../protocols/", "](protocols/"
    )
