"""Pictures for tests: real small images, and headers that claim huge dimensions."""
import io
import struct
import zlib

from PIL import Image


def picture(width=4, height=3, kind="PNG"):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(out, kind)
    return out.getvalue()


def png_claiming(width, height):
    """A PNG whose header claims width × height pixels, with one tiny compressed row: what a
    decompression bomb looks like before it is decoded."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))
