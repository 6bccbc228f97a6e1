"""Which encoding a CSV file is in, found without flags: UTF-8 (with or without BOM), else what
charset-normalizer recognises among Windows-1252 and Latin-1 (the usual Excel exports of French
administrations). The file is read in blocks, so a large file costs no more memory than a block.

A file that is UTF-8 up to some line and then is not mixes encodings: it is refused at that line
rather than read as Windows-1252, which would silently turn its accents into « Ã© ».
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from loaders.errors import LoadError

BLOCK = 1 << 20
SAMPLE = 1 << 20
CANDIDATES = ["cp1252", "latin_1"]
NAMES = {"utf_8": "UTF-8", "utf_8_sig": "UTF-8 avec BOM", "cp1252": "Windows-1252", "iso8859_1": "Latin-1",
         "iso8859_15": "Latin-9", "utf_16": "UTF-16", "mac_roman": "Mac Roman", "cp850": "DOS 850"}
HINT = "Réenregistrez-le en UTF-8 (« CSV UTF-8 » dans Excel), ou indiquez son encodage avec --encodage latin-1."


@dataclass(frozen=True)
class Encoding:
    codec: str      # Python's name, e.g. cp1252
    forced: bool    # named by the user (--encodage) rather than detected

    @property
    def name(self) -> str:
        """The name shown to users: « Windows-1252 », « UTF-8 avec BOM »…"""
        return NAMES.get(self.codec, self.codec)


def csv_encoding(path: Path, forced: str | None = None) -> Encoding:
    """The encoding to read ``path`` with: the one the user named, else the one detected."""
    if forced:
        try:
            codec = codecs.lookup(forced).name.replace("-", "_")
        except LookupError:
            raise LoadError(path, f"encodage inconnu : « {forced} ».") from None
        if codec == "utf_8" and _starts_with_bom(path):
            codec = "utf_8_sig"
        _check_decodes(path, codec, forced)
        return Encoding(codec, True)
    bad_offset, had_non_ascii = _first_invalid_utf8(path)
    if bad_offset is None:
        return Encoding("utf_8_sig" if _starts_with_bom(path) else "utf_8", False)
    line = _line_at(path, bad_offset)
    if had_non_ascii:
        raise LoadError(path, "le fichier n'est pas encodé en UTF-8 de bout en bout : il l'est avant cette ligne, "
                        "plus à partir d'elle (octet invalide).", line=line, hint=HINT)
    codec = _recognised(_sample(path, bad_offset), lambda: _first_undecodable(path, "cp1252") is None)
    if codec is None:
        raise LoadError(path, "encodage non reconnu : le fichier n'est pas encodé en UTF-8 (octet invalide), ni en "
                        "Windows-1252 ou Latin-1 ; est-ce bien un fichier texte ?", line=line, hint=HINT)
    return Encoding(codec, False)


def stream_codec(blocks: Iterable[bytes]) -> str | None:
    """The codec of a text read in blocks (a shapefile's attribute table…), as for a CSV: ``utf_8`` when it all
    decodes as UTF-8, else the one charset-normalizer recognises among ``CANDIDATES`` from the first invalid byte
    on. None when UTF-8 text comes before that byte (two encodings mixed) or when no candidate fits."""
    utf8, legacy = codecs.getincrementaldecoder("utf-8")(), codecs.getincrementaldecoder("cp1252")()
    non_ascii, sample, cp1252_reads_all = False, None, True
    for block in blocks:
        if sample is None:
            try:
                utf8.decode(block)
                non_ascii = non_ascii or not block.isascii()
                continue
            except UnicodeDecodeError as error:
                if non_ascii or not block[: error.start].isascii():
                    return None
                sample = b""
        if len(sample) < SAMPLE:
            sample += block[: SAMPLE - len(sample)]
        try:
            legacy.decode(block)
        except UnicodeDecodeError:
            cp1252_reads_all = False
    if sample is None:
        try:
            utf8.decode(b"", final=True)
            return "utf_8"
        except UnicodeDecodeError:  # a character cut at the very end
            return None
    return _recognised(sample, lambda: cp1252_reads_all)


def _recognised(sample: bytes, cp1252_reads_all: Callable[[], bool]) -> str | None:
    """The codec charset-normalizer recognises in ``sample`` among ``CANDIDATES``; Latin-1 rather than
    Windows-1252 when the text holds bytes that Windows-1252 leaves undefined (Latin-1 reads every byte)."""
    guess = from_bytes(sample, cp_isolation=CANDIDATES).best()
    if guess is None:
        return None
    codec = codecs.lookup(guess.encoding).name.replace("-", "_")
    return "iso8859_1" if codec == "cp1252" and not cp1252_reads_all() else codec


def utf8_copy(path: Path, encoding: Encoding, workdir: Path) -> Path:
    """``path`` itself when it is UTF-8, else a UTF-8 copy in ``workdir``, written block by block."""
    if encoding.codec in ("utf_8", "utf_8_sig"):
        return path
    copy = workdir / (path.stem + ".utf8.csv")
    decoder = codecs.getincrementaldecoder(encoding.codec)()
    with open(path, "rb") as source, open(copy, "w", encoding="utf-8", newline="") as target:
        for block in iter(lambda: source.read(BLOCK), b""):
            target.write(decoder.decode(block))
        target.write(decoder.decode(b"", final=True))
    return copy


def _starts_with_bom(path: Path) -> bool:
    with open(path, "rb") as file:
        return file.read(3) == codecs.BOM_UTF8


def _first_invalid_utf8(path: Path) -> tuple[int | None, bool]:
    """(offset of the first byte that is not UTF-8 or None, whether non-ASCII text came before it)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset, non_ascii = 0, False
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(BLOCK), b""):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                before = block[: error.start]
                return offset + error.start, non_ascii or not before.isascii()
            non_ascii = non_ascii or not block.isascii()
            offset += len(block)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset, non_ascii
    return None, non_ascii


def _first_undecodable(path: Path, codec: str) -> int | None:
    decoder = codecs.getincrementaldecoder(codec)()
    offset = 0
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(BLOCK), b""):
            try:
                decoder.decode(block)
            except UnicodeDecodeError as error:
                return offset + error.start
            offset += len(block)
    return None


def _check_decodes(path: Path, codec: str, named: str) -> None:
    offset = _first_undecodable(path, codec)
    if offset is not None:
        raise LoadError(path, f"le fichier n'est pas encodé en {named} (octet invalide).", line=_line_at(path, offset),
                        hint="Retirez --encodage pour que l'encodage soit détecté, ou indiquez le bon.")


def _line_at(path: Path, offset: int) -> int:
    """The line (1-based) of the byte at ``offset``."""
    lines, done = 1, 0
    with open(path, "rb") as file:
        while done < offset:
            block = file.read(min(BLOCK, offset - done))
            if not block:
                break
            lines += block.count(b"\n")
            done += len(block)
    return lines


def _sample(path: Path, bad_offset: int) -> bytes:
    """The file's beginning and the lines around its first non-UTF-8 byte: what the detector looks at."""
    with open(path, "rb") as file:
        head = file.read(SAMPLE)
        if bad_offset < SAMPLE:
            return head
        file.seek(max(bad_offset - SAMPLE // 2, 0))
        return head + file.read(SAMPLE)
