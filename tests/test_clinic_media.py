"""Issue 25, a clinic's own media (format 1.2): an exercise's pictures (a file beside the
protocol or a data: URI; PNG, JPEG or SVG) and video links (https), each with its licence,
attribution and alt text, printed beside rehabkit's drawing or instead of it; a video as a
QR code with its address in words in the PDF and as a link in HTML. Each refusal is a
problem with its path and a plain message, never a traceback."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pypdf
import pytest

import rehabkit as rk
from tests.handout_helpers import html_handout
from tests.helpers import protocol_data, run
from tests.pdf_reading import poppler_available, poppler_pages, squeeze, write

needs_poppler = pytest.mark.skipif(not poppler_available(), reason="poppler not installed")
WALL_SIT = 4  # the exercise of runners-knee that gets the media
VIDEO = "https://video.example.org/rehab/wall-sit-slowly"


def png(width: int, height: int) -> bytes:
    """A small real PNG: a colour gradient, width x height."""
    rows = b"".join(
        b"\x00" + bytes(((x * 7 + y * 3) % 256) for x in range(width) for _ in range(3))
        for y in range(height)
    )

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#0b4f8a"/></svg>'


def picture(image: str, **extra: Any) -> dict[str, Any]:
    item = {
        "image": image,
        "licence": "used with permission of Northside Clinic",
        "attribution": "Northside Clinic",
        "alt": "A woman sits against a wall, her knees bent.",
    }
    return {**item, **extra}


def video(url: str = VIDEO, **extra: Any) -> dict[str, Any]:
    item = {
        "video": url,
        "licence": "CC-BY-4.0",
        "attribution": "Northside Physio Team",
        "alt": "A physiotherapist shows the wall sit, slowly.",
    }
    return {**item, **extra}


def protocol_file(folder: Path, media: list[dict[str, Any]], exercise: int = WALL_SIT) -> Path:
    data = protocol_data()
    data["exercises"][exercise]["media"] = media
    path = folder / "protocol.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def with_media(tmp_path: Path) -> rk.Protocol:
    (tmp_path / "pictures").mkdir()
    (tmp_path / "pictures" / "wall-sit.png").write_bytes(png(120, 80))
    path = protocol_file(tmp_path, [picture("pictures/wall-sit.png"), video()])
    assert rk.validate(path) == []
    return rk.load(path, rk.Protocol)


# --------------------------------------------------------------------------- reading


def test_a_picture_file_is_read_with_the_protocol_and_carried_inline(
    with_media: rk.Protocol, tmp_path: Path
) -> None:
    """A plan made of the protocol, written anywhere, still has the picture."""
    [image, clip] = with_media.exercises[WALL_SIT].media
    assert image.image is not None and image.image.startswith("data:image/png;base64,")
    assert image.content() == ("png", png(120, 80))
    assert clip.video == VIDEO and clip.image is None
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    plan = rk.personalise(with_media, patient="Ana", start=dt.date(2026, 12, 1), allow_example=True)
    rk.dump(plan, elsewhere / "plan.json")
    again = rk.load(elsewhere / "plan.json", rk.Plan)
    assert again.protocol.exercises[WALL_SIT].media == with_media.exercises[WALL_SIT].media


def test_a_data_uri_picture_needs_no_file(tmp_path: Path) -> None:
    uri = "data:image/svg+xml;base64," + base64.b64encode(SVG).decode()
    path = protocol_file(tmp_path, [picture(uri, use="instead")])
    assert rk.validate(path) == []
    protocol = rk.loads(path.read_text(encoding="utf-8"), rk.Protocol)
    assert protocol.exercises[WALL_SIT].media[0].content() == ("svg", SVG)


def test_built_in_code_a_media_item_says_what_is_wrong() -> None:
    with pytest.raises(rk.FieldError, match="data: URI"):
        rk.Media(image="pictures/a.png", licence="CC0-1.0", attribution="A", alt="B")
    with pytest.raises(rk.FieldError, match=r"a picture .* or a video link"):
        rk.Media(licence="CC0-1.0", attribution="A", alt="B")
    with pytest.raises(rk.FieldError, match="https"):
        rk.Media(video="http://example.org/v", licence="CC0-1.0", attribution="A", alt="B")


# --------------------------------------------------------------------------- refusals


def _problems(tmp_path: Path, media: list[dict[str, Any]]) -> list[tuple[str, str]]:
    path = protocol_file(tmp_path, media)
    return [(p.path, p.message) for p in rk.validate(path)]


@pytest.mark.parametrize("missing", ["licence", "attribution", "alt"])
def test_a_media_item_without_its_licence_attribution_or_alt_text_is_refused(
    missing: str, tmp_path: Path
) -> None:
    (tmp_path / "a.png").write_bytes(png(4, 4))
    for item in (picture("a.png"), video()):
        del item[missing]
        problems = _problems(tmp_path, [item])
        assert problems, item
        [(path, message)] = problems
        assert path.startswith(f"exercises[{WALL_SIT}].media[0]")
        assert missing in message


@pytest.mark.parametrize(
    "url", ["http://video.example.org/wall-sit", "ftp://example.org/v", "javascript:alert(1)",
            "https://", "www.example.org/v"],
)  # fmt: skip
def test_a_video_link_that_is_not_https_is_refused(url: str, tmp_path: Path) -> None:
    [(path, message)] = _problems(tmp_path, [video(url)])
    assert path == f"exercises[{WALL_SIT}].media[0].video"
    assert message


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "no picture file"),
        (b"just some text, not a picture", "is not a PNG, JPEG or SVG image"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * (1024 * 1024), "at most 1,048,576"),
        (png(4001, 2), "4001 x 2 pixels"),
        (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', "entities"),
    ],
)
def test_a_picture_file_that_is_missing_too_large_or_not_a_picture_is_refused(
    content: bytes | None, said: str, tmp_path: Path
) -> None:
    if content is not None:
        (tmp_path / "wall-sit.png").write_bytes(content)
    [(path, message)] = _problems(tmp_path, [picture("wall-sit.png")])
    assert path == f"exercises[{WALL_SIT}].media[0].image"
    assert said in message and "wall-sit.png" in message


def test_pictures_that_would_make_the_protocol_too_large_to_read_back_are_refused(
    tmp_path: Path,
) -> None:
    """Each picture may be 1 MB, but read in they make one document: a plan made of it
    must still be one rehabkit reads (2,000,000 bytes at most)."""
    big = b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + struct.pack(">II", 100, 100) + b"\0" * 900_000
    (tmp_path / "a.png").write_bytes(big)
    (tmp_path / "b.png").write_bytes(big)
    [(path, message)] = _problems(tmp_path, [picture("a.png"), picture("b.png")])
    assert path == ""
    assert "with its pictures read in" in message and "smaller" in message


def test_a_jpeg_is_measured_from_its_frame_header() -> None:
    from rehabkit._model.media import image_problem, image_size

    frame = b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", 300, 400) + b"\x03" + b"\0" * 9
    jpeg = b"\xff\xd8" + b"\xff\xe0\x00\x04\0\0" + frame + b"\xff\xd9"
    assert image_size("jpeg", jpeg) == (400, 300)
    assert image_problem(jpeg) is None
    assert "size cannot be read" in (image_problem(b"\xff\xd8\xff\xd9") or "")


def test_a_data_uri_that_names_one_type_and_holds_another_is_refused(tmp_path: Path) -> None:
    uri = "data:image/jpeg;base64," + base64.b64encode(png(4, 4)).decode()
    [(path, message)] = _problems(tmp_path, [picture(uri)])
    assert path.startswith(f"exercises[{WALL_SIT}].media[0]")
    assert "image/jpeg" in message and "PNG" in message


def test_a_picture_and_a_video_in_one_item_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(png(4, 4))
    problems = _problems(tmp_path, [{**picture("a.png"), "video": VIDEO}])
    assert problems and all(p.startswith(f"exercises[{WALL_SIT}].media[0]") for p, _ in problems)


def test_the_cli_refuses_a_missing_picture_with_its_path_and_exit_code_1(tmp_path: Path) -> None:
    path = protocol_file(tmp_path, [picture("gone.png")])
    result = run("validate", str(path))
    assert result.returncode == 1
    assert f"exercises[{WALL_SIT}].media[0].image" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- handouts


def test_the_html_handout_shows_the_picture_with_its_alt_text_and_links_the_video(
    with_media: rk.Protocol,
) -> None:
    page = html_handout(with_media, illustrations=True)
    [section] = [
        s for s in page.find_all("section") if s.attrs.get("aria-labelledby") == "ex-wall-sit"
    ]
    [img] = section.find_all("img")
    assert img.attrs["alt"] == "A woman sits against a wall, her knees bent."
    # The picture inside an SVG at its own size, as the PDF takes it: an img runs no script.
    src = img.attrs["src"] or ""
    assert src.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(src.partition(",")[2]).decode()
    assert 'width="120" height="80"' in svg
    assert "data:image/png;base64," + base64.b64encode(png(120, 80)).decode() in svg
    [link] = section.find_all("a")
    assert link.attrs["href"] == VIDEO
    text = section.text()
    assert "Picture: Northside Clinic (used with permission of Northside Clinic)." in text
    assert "Video: Northside Physio Team (CC-BY-4.0)." in text
    assert "A physiotherapist shows the wall sit, slowly." in text


@pytest.mark.parametrize(("use", "drawn"), [("beside", True), ("instead", False)])
def test_a_picture_goes_beside_the_drawing_or_instead_of_it(
    use: str, drawn: bool, tmp_path: Path
) -> None:
    (tmp_path / "a.png").write_bytes(png(8, 8))
    protocol = rk.load(protocol_file(tmp_path, [picture("a.png", use=use)]), rk.Protocol)
    page = html_handout(protocol)
    [section] = [
        s for s in page.find_all("section") if s.attrs.get("aria-labelledby") == "ex-wall-sit"
    ]
    assert bool(section.find_all("svg")) is drawn
    assert len(section.find_all("img")) == 1


def test_a_video_link_alone_leaves_the_drawing_in_place(tmp_path: Path) -> None:
    protocol = rk.load(protocol_file(tmp_path, [video(use="instead")]), rk.Protocol)
    page = html_handout(protocol)
    [section] = [
        s for s in page.find_all("section") if s.attrs.get("aria-labelledby") == "ex-wall-sit"
    ]
    assert section.find_all("svg")


def _qr_decoded(pdf: Path, folder: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(folder / "page")], check=True)
    found = []
    for page in sorted(folder.glob("page*.png")):
        out = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True, text=True)
        found += out.stdout.split()
    return found


@needs_poppler
def test_the_pdf_prints_the_credit_the_picture_and_the_video_as_a_qr_code(
    with_media: rk.Protocol, tmp_path: Path
) -> None:
    path = write(rk.export(with_media, "pdf"), tmp_path)
    text = squeeze("\n".join(poppler_pages(path, layout=False)))
    for said in (
        "Picture: Northside Clinic (used with permission of Northside Clinic).",
        "Video: Northside Physio Team (CC-BY-4.0).",
        f"Watch the video: {VIDEO}",
        "A physiotherapist shows the wall sit, slowly.",
    ):
        assert squeeze(said) in text, said
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    assert any(line.split()[3:5] == ["120", "80"] for line in listed.stdout.splitlines()[2:])
    if shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None:
        pytest.skip("zbarimg (zbar-tools) not installed: the QR code is not read back")
    assert _qr_decoded(path, tmp_path) == [VIDEO]


def test_the_pdf_tags_the_picture_as_a_figure_with_its_alt_text(with_media: rk.Protocol) -> None:
    reader = pypdf.PdfReader(io.BytesIO(rk.export(with_media, "pdf")))
    alts: list[str] = []

    def walk(node: Any) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/Alt" in node:
                alts.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert "A woman sits against a wall, her knees bent." in alts
    assert "A physiotherapist shows the wall sit, slowly." in alts


# --------------------------------------------------------------------------- languages


def test_the_alt_text_is_translated_with_the_exercise(with_media: rk.Protocol) -> None:
    texts = rk.source_texts(with_media)
    key = "exercises[wall-sit].media[0].alt"
    assert texts[key] == "A woman sits against a wall, her knees bent."
    translated = {k: f"«{v}»" for k, v in texts.items()}
    translation = rk.Translation(protocol=with_media.id, version=with_media.version,
                                 language="es", translator=rk.Person(name="Ana"),
                                 text=translated)  # fmt: skip
    without = rk.Translation(protocol=with_media.id, version=with_media.version,
                             language="es", translator=rk.Person(name="Ana"),
                             text={k: v for k, v in translated.items() if k != key})  # fmt: skip
    assert [p.path for p in rk.translation_problems(without, with_media)] == [f"text.{key}"]
    spanish = rk.translate(with_media, translation)
    [image, clip] = spanish.exercises[WALL_SIT].media
    assert image.alt == "«A woman sits against a wall, her knees bent.»"
    assert image.licence == "used with permission of Northside Clinic"  # not a text to translate
    page = html_handout(
        rk.personalise(spanish, patient="Ana", start=dt.date(2026, 12, 1), allow_example=True)
    )
    assert "Imagen: Northside Clinic (used with permission of Northside Clinic)." in page.text()
    assert clip.video == VIDEO
