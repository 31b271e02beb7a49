"""Read the text back out of a PDF that Qt wrote (QPdfWriter or QPrinter).

Qt embeds subset fonts and writes glyph numbers, not letters, so a canary
never appears in the bytes even when it is on the page: a test that only
searched the bytes could not fail. This reader follows each page's content
stream, decodes the glyphs through the font's ToUnicode map, and returns
the words. Enough for Qt's own output; not a general PDF parser.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj\b")
_REF = rb"(\d+) 0 R"
_OPERATION = re.compile(
    rb"/(?P<font>[\w.+-]+)\s+[-\d.]+\s+Tf"
    rb"|<(?P<hex>[0-9A-Fa-f\s]*)>\s*Tj"
    rb"|\[(?P<array>[^\]]*)\]\s*TJ"
    rb"|(?P<tx>[-\d.]+)\s+(?P<ty>[-\d.]+)\s+T[dD]"
    rb"|\bBT\b"
)


def pdf_text(data: bytes) -> str:
    """Return the text of every page of `data`, pages and lines separated by newlines."""
    objects = _objects(data)
    pages = _page_ids(objects)
    assert pages, "no pages found: not a PDF written by Qt?"
    lines: list[str] = []
    for page in pages:
        fonts = _fonts(objects, _resolve(objects, _ref(objects[page], b"Resources")))
        for content in _refs_of(objects[page], b"Contents"):
            lines.append(_show(_stream(objects, content), fonts))
    # NFKC undoes ligatures ("ﬂ" → "fl"), so a canary is found however it was set.
    return unicodedata.normalize("NFKC", "\n".join(lines).replace("\t", " "))


def _objects(data: bytes) -> dict[int, bytes]:
    starts = [(int(m.group(1)), m.end()) for m in _OBJECT.finditer(data)]
    bounds = [s for _, s in starts[1:]] + [len(data)]
    return {number: data[start:end] for (number, start), end in zip(starts, bounds, strict=True)}


def _ref(body: bytes, key: bytes) -> int | None:
    match = re.search(rb"/" + key + rb"\s+" + _REF, _dictionary(body))
    return int(match.group(1)) if match else None


def _refs_of(body: bytes, key: bytes) -> list[int]:
    match = re.search(rb"/" + key + rb"\s*(\[[^\]]*\]|\d+ 0 R)", _dictionary(body))
    return [int(n) for n in re.findall(_REF, match.group(1))] if match else []


def _dictionary(body: bytes) -> bytes:
    return re.split(rb"\bstream\r?\n", body, maxsplit=1)[0]


def _resolve(objects: dict[int, bytes], number: int | None) -> bytes:
    return _dictionary(objects[number]) if number is not None else b""


def _stream(objects: dict[int, bytes], number: int) -> bytes:
    body = objects[number]
    head, _, rest = re.split(rb"\b(stream)\r?\n", body, maxsplit=1)
    length = re.search(rb"/Length\s+(\d+)(\s+0\s+R)?", head)
    assert length is not None
    size = int(length.group(1))
    if length.group(2):
        size = int(_dictionary(objects[size]).split(b"endobj")[0].strip())
    raw = rest[:size]
    return zlib.decompress(raw) if b"/FlateDecode" in head else raw


def _page_ids(objects: dict[int, bytes]) -> list[int]:
    roots = [n for n, body in objects.items() if re.search(rb"/Type\s*/Pages\b", _dictionary(body))]
    kids: list[int] = []
    for root in roots:
        if not re.search(rb"/Parent\b", _dictionary(objects[root])):
            kids += _walk(objects, root)
    return kids


def _walk(objects: dict[int, bytes], node: int) -> list[int]:
    body = _dictionary(objects[node])
    if re.search(rb"/Type\s*/Page\b", body):
        return [node]
    return [page for kid in _refs_of(objects[node], b"Kids") for page in _walk(objects, kid)]


def _fonts(objects: dict[int, bytes], resources: bytes) -> dict[bytes, dict[int, str]]:
    match = re.search(rb"/Font\s*<<(.*?)>>", resources, re.S)
    fonts: dict[bytes, dict[int, str]] = {}
    for name, number in re.findall(rb"/([\w.+-]+)\s+" + _REF, match.group(1) if match else b""):
        to_unicode = _ref(objects[int(number)], b"ToUnicode")
        fonts[name] = _cmap(_stream(objects, to_unicode)) if to_unicode else {}
    return fonts


def _cmap(text: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for code, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = _utf16(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, target in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block
        ):
            first, last = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                for offset, each in enumerate(re.findall(rb"<([0-9A-Fa-f]+)>", target)):
                    mapping[first + offset] = _utf16(each)
            else:
                start = int(target.strip(b"<>"), 16)
                for offset in range(last - first + 1):
                    mapping[first + offset] = chr(start + offset)
    return mapping


def _utf16(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be")


def _show(content: bytes, fonts: dict[bytes, dict[int, str]]) -> str:
    out: list[str] = []
    cmap: dict[int, str] = {}
    for match in _OPERATION.finditer(content):
        if match.group("font"):
            cmap = fonts.get(match.group("font"), {})
        elif match.group("hex") is not None:
            out.append(_decode(match.group("hex"), cmap))
        elif match.group("array") is not None:
            out += (
                _decode(h, cmap) for h in re.findall(rb"<([0-9A-Fa-f\s]*)>", match.group("array"))
            )
        elif match.group("ty") is not None:
            if float(match.group("ty")) != 0:
                out.append("\n")
        else:  # BT: a new text object, often a new line
            out.append("\n")
    return re.sub(r"\n+", "\n", "".join(out)).strip()


def _decode(hex_text: bytes, cmap: dict[int, str]) -> str:
    digits = re.sub(rb"\s", b"", hex_text).decode()
    return "".join(cmap.get(int(digits[i : i + 4], 16), "?") for i in range(0, len(digits), 4))
