"""The idx file format of the MNIST digits (``train-images-idx3-ubyte.gz``):
a big-endian header of int32 (magic, count, rows, cols), then the uint8
pixels, image after image, row after row. Labels (idx1): magic and count,
then one uint8 label per image.
"""
import gzip
import os.path as osp
import struct
import zlib

import numpy as np

from mogaseg.errors import DataError

IMAGES_MAGIC = 2051  # 0x00000803: unsigned bytes, 3 dimensions
LABELS_MAGIC = 2049  # 0x00000801: unsigned bytes, 1 dimension
_GZIP_MAGIC = b'\x1f\x8b'
_EXPECTED = ('an idx3 image file (gzip or plain): a big-endian int32 header '
             f'(magic {IMAGES_MAGIC}, count, rows, cols), then count*rows*'
             'cols uint8 pixels')


def _read_bytes(path: str) -> bytes:
    if not osp.isfile(path):
        raise DataError(f'{path}: no such file; expected {_EXPECTED}')
    with open(path, 'rb') as f:
        compressed = f.read(2) == _GZIP_MAGIC
    try:
        if compressed:
            with gzip.open(path, 'rb') as f:
                return f.read()
        with open(path, 'rb') as f:
            return f.read()
    except (EOFError, OSError, zlib.error) as err:
        raise DataError(f'{path}: the gzip stream is truncated or corrupt '
                        f'({err}); expected {_EXPECTED}') from None


def read_idx_images(path: str) -> np.ndarray:
    """The images of an idx3 file, uint8 of shape (count, rows, cols).

    Raises:
        DataError: The file is missing, truncated, or not an idx3 file.
    """
    data = _read_bytes(path)
    if len(data) < 16:
        raise DataError(f'{path}: {len(data)} bytes, shorter than the '
                        f'16-byte header; expected {_EXPECTED}')
    magic, count, rows, cols = struct.unpack('>iiii', data[:16])
    if magic != IMAGES_MAGIC:
        raise DataError(f'{path}: magic number {magic}, not {IMAGES_MAGIC}; '
                        f'expected {_EXPECTED}')
    expected = count * rows * cols
    if count <= 0 or rows <= 0 or cols <= 0 or len(data) - 16 != expected:
        raise DataError(
            f'{path}: the header says {count} images of {rows}x{cols} '
            f'({expected} pixel bytes) but {len(data) - 16} follow it; '
            f'expected {_EXPECTED}')
    return np.frombuffer(data, np.uint8, offset=16).reshape(count, rows, cols)


def write_idx_images(path: str, images: np.ndarray) -> None:
    """Write uint8 images (count, rows, cols) as a gzip idx3 file (gzip
    without a time stamp, so equal images give equal bytes)."""
    images = np.asarray(images)
    if images.dtype != np.uint8 or images.ndim != 3:
        raise ValueError('images must be uint8 of shape (count, rows, cols), '
                         f'got {images.dtype} {images.shape}')
    header = struct.pack('>iiii', IMAGES_MAGIC, *images.shape)
    _write_gzip(path, header + images.tobytes())


def write_idx_labels(path: str, labels: np.ndarray) -> None:
    """Write labels 0..255 as a gzip idx1 file."""
    labels = np.asarray(labels, dtype=np.uint8).reshape(-1)
    header = struct.pack('>ii', LABELS_MAGIC, labels.size)
    _write_gzip(path, header + labels.tobytes())


def _write_gzip(path: str, payload: bytes) -> None:
    with open(path, 'wb') as raw, \
            gzip.GzipFile(filename='', mode='wb', fileobj=raw,
                          compresslevel=6, mtime=0) as f:
        f.write(payload)
