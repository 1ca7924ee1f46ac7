"""Read a TensorFlow checkpoint (a tensor bundle) without TensorFlow.

A checkpoint ``PREFIX`` is ``PREFIX.index``, a LevelDB-format table that
maps each tensor's name to a ``BundleEntryProto`` (dtype, shape, shard,
offset, size), and ``PREFIX.data-NNNNN-of-MMMMM``, the shards that hold the
raw little-endian values. Reading it needs only those two layouts, so
converting released TensorFlow weights (MOAT's) does not need TensorFlow
installed, and neither does the test of the conversion.

Only what released weights use is read: uncompressed tables, unsliced
numeric tensors. String tensors (the object graph of a ``tf.train.
Checkpoint``) are listed but not decoded.
"""
import os.path as osp
import struct
from typing import Dict, Iterator, List, NamedTuple, Tuple

import numpy as np

from mogaseg.errors import TFCheckpointError

# TensorFlow's DataType enum -> numpy.
_DTYPES = {
    1: np.float32, 2: np.float64, 3: np.int32, 4: np.uint8, 5: np.int16,
    6: np.int8, 9: np.int64, 10: np.bool_, 17: np.uint16, 19: np.float16,
    22: np.uint32, 23: np.uint64
}
_DT_STRING = 7
_DT_BFLOAT16 = 14
_TABLE_MAGIC = 0xdb4775248b80fb57
_FOOTER_SIZE = 48


def _varint(buf: bytes, pos: int) -> Tuple[int, int]:
    result = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _proto_fields(buf: bytes) -> Iterator[Tuple[int, int, object]]:
    """(field number, wire type, value) of a serialised protobuf message:
    an int for varints and fixed widths, bytes for length-delimited."""
    pos = 0
    while pos < len(buf):
        tag, pos = _varint(buf, pos)
        field, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, = struct.unpack_from('<Q', buf, pos)
            pos += 8
        elif wire == 2:
            size, pos = _varint(buf, pos)
            value, pos = buf[pos:pos + size], pos + size
        elif wire == 5:
            value, = struct.unpack_from('<I', buf, pos)
            pos += 4
        else:
            raise TFCheckpointError(f'unsupported protobuf wire type {wire}')
        yield field, wire, value


class BundleEntry(NamedTuple):
    dtype: int
    shape: Tuple[int, ...]
    shard: int
    offset: int
    size: int
    sliced: bool


def _bundle_entry(buf: bytes) -> BundleEntry:
    dtype, shape, shard, offset, size, sliced = 0, [], 0, 0, 0, False
    for field, _, value in _proto_fields(buf):
        if field == 1:
            dtype = value
        elif field == 2:  # TensorShapeProto: repeated Dim dim = 2
            for dim_field, _, dim in _proto_fields(value):
                if dim_field == 2:
                    shape.append(next(
                        (v for f, _, v in _proto_fields(dim) if f == 1), 0))
        elif field == 3:
            shard = value
        elif field == 4:
            offset = value
        elif field == 5:
            size = value
        elif field == 7:
            sliced = True
    return BundleEntry(dtype, tuple(shape), shard, offset, size, sliced)


def _block_entries(block: bytes) -> Iterator[Tuple[bytes, bytes]]:
    """The (key, value) pairs of one table block (prefix-compressed keys,
    then the restart array, which a full scan does not need)."""
    num_restarts, = struct.unpack_from('<I', block, len(block) - 4)
    end = len(block) - 4 * (num_restarts + 1)
    pos, key = 0, b''
    while pos < end:
        shared, pos = _varint(block, pos)
        unshared, pos = _varint(block, pos)
        value_size, pos = _varint(block, pos)
        key = key[:shared] + block[pos:pos + unshared]
        pos += unshared
        yield key, block[pos:pos + value_size]
        pos += value_size


def _read_block(data: bytes, handle: bytes, path: str) -> bytes:
    offset, pos = _varint(handle, 0)
    size, _ = _varint(handle, pos)
    compression = data[offset + size]  # the trailer: type, then a CRC
    if compression != 0:
        raise TFCheckpointError(
            f'{path}: compressed table blocks (type {compression}) are not '
            'supported')
    return data[offset:offset + size]


def _table(path: str) -> Dict[bytes, bytes]:
    with open(path, 'rb') as f:
        data = f.read()
    if len(data) < _FOOTER_SIZE or struct.unpack_from(
            '<Q', data, len(data) - 8)[0] != _TABLE_MAGIC:
        raise TFCheckpointError(f'{path} is not a TensorFlow checkpoint '
                                'index (no table footer)')
    footer = data[-_FOOTER_SIZE:]
    _, pos = _varint(footer, 0)  # the metaindex block: not needed
    _, pos = _varint(footer, pos)
    index = _read_block(data, footer[pos:], path)
    entries = {}
    for _, handle in _block_entries(index):
        entries.update(_block_entries(_read_block(data, handle, path)))
    return entries


class TFCheckpoint:
    """The tensors of a TensorFlow checkpoint, by name.

    Args:
        prefix (str): The checkpoint prefix (``.../model.ckpt-100``), or its
            ``.index`` file.

    Example:
        >>> ckpt = TFCheckpoint('moat0_imagenet_1k_224/model-ckpt-0')
        >>> ckpt.shapes()['...']  # name -> shape
        >>> ckpt['...']  # -> numpy array
    """

    def __init__(self, prefix: str):
        if prefix.endswith('.index'):
            prefix = prefix[:-len('.index')]
        if not osp.isfile(prefix + '.index'):
            raise TFCheckpointError(
                f'no TensorFlow checkpoint at {prefix} ({prefix}.index '
                'does not exist)')
        self.prefix = prefix
        table = _table(prefix + '.index')
        header = table.pop(b'', b'')
        self.num_shards = next(
            (v for f, _, v in _proto_fields(header) if f == 1), 1)
        # Slices of a partitioned tensor have keys that start with a NUL
        # byte; their tensor's own entry says it is sliced.
        self._entries = {
            k.decode(): _bundle_entry(v)
            for k, v in table.items() if not k.startswith(b'\x00')
        }

    def names(self) -> List[str]:
        return sorted(self._entries)

    def shapes(self) -> Dict[str, Tuple[int, ...]]:
        return {k: e.shape for k, e in sorted(self._entries.items())}

    def __contains__(self, name: str) -> bool:
        return name in self._entries

    def __getitem__(self, name: str) -> np.ndarray:
        entry = self._entries[name]
        if entry.sliced:
            raise TFCheckpointError(f'{name} is stored in slices, which '
                                    'this reader does not support')
        if entry.dtype == _DT_BFLOAT16:
            raw = self._read(entry)
            bits = np.frombuffer(raw, dtype='<u2').astype(np.uint32) << 16
            return bits.view(np.float32).reshape(entry.shape)
        if entry.dtype not in _DTYPES:
            raise TFCheckpointError(
                f'{name}: dtype {entry.dtype} is not a numeric dtype this '
                'reader decodes')
        dtype = np.dtype(_DTYPES[entry.dtype]).newbyteorder('<')
        return np.frombuffer(self._read(entry), dtype=dtype).reshape(
            entry.shape).copy()

    def _read(self, entry: BundleEntry) -> bytes:
        shard = (f'{self.prefix}.data-{entry.shard:05d}-of-'
                 f'{self.num_shards:05d}')
        with open(shard, 'rb') as f:
            f.seek(entry.offset)
            raw = f.read(entry.size)
        if len(raw) != entry.size:
            raise TFCheckpointError(f'{shard} is truncated')
        return raw

    def numeric(self) -> Dict[str, np.ndarray]:
        """Every numeric tensor, by name (strings, such as the object graph
        of a ``tf.train.Checkpoint``, are left out)."""
        return {
            name: self[name]
            for name, entry in sorted(self._entries.items())
            if entry.dtype != _DT_STRING
        }
