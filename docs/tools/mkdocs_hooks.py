"""MkDocs hooks: the README is the site's home page and the changelog a page, and the
schemas and bundled protocols the docs link to are served beside them, so that every link
works both on the site and in the repository. The API reference's theme pages are written
from the public face (api_pages.py), and a rendered API page that shows a raw docstring
marker or a private name is a warning, which fails the strict build."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
log = logging.getLogger("mkdocs.hooks.rehabkit")


def _api_pages() -> Any:
    # A sibling module: hooks are loaded by path, not from a package.
    spec = importlib.util.spec_from_file_location(
        "api_pages", Path(__file__).with_name("api_pages.py")
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


API_PAGES = _api_pages()


def _top_page(name: str) -> str:
    """A page at the repository's top (README, CONTRIBUTING), with its links as the site
    lays the pages out."""
    text = (ROOT / name).read_text(encoding="utf-8")
    return (
        text.replace("](docs/", "](")
        .replace("](CHANGELOG.md)", "](changelog.md)")
        .replace("](CONTRIBUTING.md)", "](contributing.md)")
    )


def on_files(files: Files, config: Any) -> Files:
    """Add the README (as index.md), CONTRIBUTING, the changelog, the schemas, the protocols
    and the API reference's theme pages."""

    def add(uri: str, content: str | bytes) -> None:
        files.append(File.generated(config, uri, content=content))

    add("index.md", _top_page("README.md"))
    add("contributing.md", _top_page("CONTRIBUTING.md"))
    for uri, markdown in API_PAGES.pages().items():
        add(uri, markdown)
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


def on_post_page(output: str, *, page: Any, **_: Any) -> str:
    """Fail the strict build on an API page that shows a raw marker or a private name."""
    if page.file.src_uri.startswith("reference/"):
        output = API_PAGES.public_titles(output, set(API_PAGES.public_names()))
        for fault in API_PAGES.api_page_faults(output):
            log.warning("%s shows %s", page.file.src_uri, fault)
    return output
