"""``rehabkit illustrate``: each exercise drawn as prescribed, an SVG (and a PNG) file each."""

from __future__ import annotations

import argparse
from pathlib import Path

import rehabkit as rk
from rehabkit import RehabkitError
from rehabkit._app.common import EXIT_OK, Commands, add_command, err
from rehabkit._app.loading import load_document


def register(commands: Commands) -> None:
    sub = add_command(
        commands,
        "illustrate",
        _cmd_illustrate,
        "Draw exercises as prescribed, one SVG file each (EXERCISE.svg) in a folder.",
    )
    sub.add_argument(
        "document", metavar="PROTOCOL_OR_PLAN", help="a bundled id, a protocol or plan file"
    )
    sub.add_argument(
        "exercise", metavar="EXERCISE", nargs="?", help="one exercise's id (default: all)"
    )
    sub.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write to")
    sub.add_argument("--png", action="store_true", help="PNG files too (needs rehabkit[png])")
    sub.add_argument("--force", action="store_true", help="overwrite files that exist")


def _cmd_illustrate(args: argparse.Namespace) -> int:
    document = load_document(args.document)
    figures = rk.illustrate(document, args.exercise)
    if not figures:
        raise RehabkitError("no exercise here has a pose to draw")
    folder = _output_folder(args.output)
    for figure in figures:
        for path, content in _files_of(figure, folder, args.png):
            rk.write_file(path, content, overwrite=args.force)
            err(f"wrote {path}")
    return EXIT_OK


def _output_folder(name: str) -> Path:
    folder = Path(name)
    if folder.exists() and not folder.is_dir():
        raise RehabkitError(f"{folder} is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _files_of(figure: rk.Illustration, folder: Path, png: bool) -> list[tuple[Path, bytes]]:
    """The figure's files and their content: its SVG, then its PNG where asked for."""
    files = [(folder / f"{figure.exercise}.svg", figure.svg.encode("utf-8"))]
    if png:
        files.append((folder / f"{figure.exercise}.png", figure.png()))
    return files
