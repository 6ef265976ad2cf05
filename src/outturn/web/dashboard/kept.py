"""A whole public page kept for replay, with a fresh CSP nonce in every response, gzipped.

The page is stored split where its nonce was. Replaying joins the parts with the new
nonce; for browsers that take gzip the parts are kept already compressed, each as a
self-contained run of deflate blocks (a full flush resets the window, so no block refers
back across a nonce), and the nonce goes between them as a stored block. The gzip CRC of
the whole is worked out from the parts' own CRCs (zlib's ``crc32_combine``, with each
part's shift operator computed once), so a replay compresses nothing and scans nothing.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, mtime 0
_CRC_POLYNOMIAL = 0xEDB88320
LEVEL = 6


def _times(matrix: tuple[int, ...], vector: int) -> int:
    """A GF(2) 32x32 matrix (its columns) times a 32-bit vector."""
    total = 0
    column = 0
    while vector:
        if vector & 1:
            total ^= matrix[column]
        vector >>= 1
        column += 1
    return total


def _compose(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(_times(a, b[n]) for n in range(32))


def crc_shift(length: int) -> tuple[int, ...]:
    """The operator taking crc32(A) to crc32(A + length zero bytes) (before the XOR of B)."""
    one_bit = (_CRC_POLYNOMIAL, *(1 << (n - 1) for n in range(1, 32)))
    operator = _compose(one_bit, one_bit)  # two zero bits
    operator = _compose(operator, operator)  # four
    operator = _compose(operator, operator)  # one zero byte
    result = tuple(1 << n for n in range(32))  # identity
    while length:
        if length & 1:
            result = _compose(operator, result)
        operator = _compose(operator, operator)
        length >>= 1
    return result


def _deflate(data: bytes, *, last: bool) -> bytes:
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    flush = zlib.Z_FINISH if last else zlib.Z_FULL_FLUSH
    return compressor.compress(data) + compressor.flush(flush)


def _stored(data: bytes) -> bytes:
    """A non-final stored deflate block; the stream is byte-aligned after a full flush."""
    return b"\x00" + struct.pack("<HH", len(data), len(data) ^ 0xFFFF) + data


@dataclass(frozen=True)
class KeptPage:
    """Only the compressed parts are kept: a few tens of kilobytes for a long scorecard."""

    content_type: str
    deflated: tuple[bytes, ...]
    crcs: tuple[int, ...]
    sizes: tuple[int, ...]
    shifts: tuple[tuple[int, ...], ...]

    @classmethod
    def of(cls, content: bytes, nonce: str | None, content_type: str) -> KeptPage:
        parts = tuple(content.split(nonce.encode())) if nonce else (content,)
        return cls(
            content_type=content_type,
            deflated=tuple(
                _deflate(part, last=i == len(parts) - 1) for i, part in enumerate(parts)
            ),
            crcs=tuple(zlib.crc32(part) for part in parts),
            sizes=tuple(len(part) for part in parts),
            shifts=tuple(crc_shift(len(part)) for part in parts),
        )

    @property
    def needs_nonce(self) -> bool:
        return len(self.deflated) > 1

    def body(self, nonce: str) -> bytes:
        """The page itself, for the rare client that does not take gzip."""
        parts = [zlib.decompressobj(-15).decompress(part) for part in self.deflated]
        return nonce.encode().join(parts)

    def gzipped(self, nonce: str) -> bytes:
        """``gzip.compress(self.body(nonce))`` in effect, at the cost of a join."""
        token = nonce.encode()
        pieces = [_GZIP_HEADER, self.deflated[0]]
        crc = self.crcs[0]
        for deflated, part_crc, shift in zip(
            self.deflated[1:], self.crcs[1:], self.shifts[1:], strict=True
        ):
            pieces.append(_stored(token))
            crc = zlib.crc32(token, crc)
            crc = _times(shift, crc) ^ part_crc  # zlib's crc32_combine
            pieces.append(deflated)
        size = sum(self.sizes) + len(token) * (len(self.sizes) - 1)
        pieces.append(struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF))
        return b"".join(pieces)
