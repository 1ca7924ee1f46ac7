"""What a checkpoint file holds, told from its first bytes, so that a file
that cannot be read is reported as what it is.

``torch.load`` reports an empty file as a bare ``EOFError``, a truncated
one as a zip reader's internal error, and (weights-only) a text file or a
web page as an "unsupported operand", which reads like an unsafe pickle;
none of them names the file. :func:`check_checkpoint_file` tells these
apart before the file is unpickled, and :func:`unreadable` explains a
failure of the reader itself, in one paragraph that names the file.
"""
import os.path as osp
import re
import zipfile
from typing import Optional

from mogaseg.errors import CheckpointReadError

_HEAD_BYTES = 4096
# torch.save's formats: a zip archive (torch >= 1.6) or a pickle of
# protocol 2 (the legacy format); a TensorFlow release is a gzipped tar.
_ZIP = b'PK\x03\x04'
_PICKLE = b'\x80'
_GZIP = b'\x1f\x8b'
_MARKUP = re.compile(rb'<\s*(!doctype|html|head|body|title|meta|script|!--)',
                     re.IGNORECASE)
_LFS_POINTER = b'version https://git-lfs'
# The names of TensorFlow releases (MOAT's): a .tar.gz of the checkpoint.
TF_ARCHIVE_ENDINGS = ('.tar.gz', '.tgz')
_AGAIN = 'Download or copy it again, or use another checkpoint.'


def _head(path: str) -> bytes:
    with open(path, 'rb') as f:
        return f.read(_HEAD_BYTES)


def _is_text(head: bytes) -> bool:
    # A few undecodable bytes are allowed: the head may cut a character.
    return b'\x00' not in head and \
        head.decode('utf-8', 'replace').count('\ufffd') <= 3


def file_kind(path: str) -> str:
    """'empty', 'zip', 'pickle', 'gzip', 'web page', 'text' or 'binary'."""
    head = _head(path)
    body = head.lstrip(b'\xef\xbb\xbf \t\r\n')  # a BOM, white space
    if not head:
        return 'empty'
    for magic, kind in ((_ZIP, 'zip'), (_PICKLE, 'pickle'), (_GZIP, 'gzip')):
        if head.startswith(magic):
            return kind
    if body.startswith(b'<') and _MARKUP.search(body):
        return 'web page'
    return 'text' if _is_text(head) else 'binary'


def _start(path: str) -> str:
    """The file's first line (text) or bytes, short, for a message."""
    head = _head(path)[:200]
    if _is_text(head):
        line = (head.decode('utf-8', 'replace').strip().splitlines()
                or [''])[0]
        return repr(line[:60] + ('...' if len(line) > 60 else ''))
    return repr(head[:16])


def _not_a_checkpoint(path: str, source: str, kind: str) -> str:
    if kind == 'empty':
        return (f'cannot read the checkpoint {source}: the file is empty '
                f'(0 bytes), as a download or copy that never started '
                f'leaves it. {_AGAIN}')
    if kind == 'web page':
        return (f'cannot read the checkpoint {source}: it is a web page, '
                f'not a checkpoint (it starts with {_start(path)}). A share '
                'link such as Google Drive\'s "view" is not a direct '
                'download, and a login or error page looks the same: '
                'download the file in a browser and give its path instead.')
    hint = ' It is a Git LFS pointer: fetch the file itself with ' \
        '`git lfs pull`.' if _head(path).startswith(_LFS_POINTER) else ''
    return (f'cannot read the checkpoint {source}: it is not a checkpoint '
            '(torch.save\'s zip or pickle format, or a TensorFlow .tar.gz) '
            f'but a {kind} file that starts with {_start(path)}.{hint}')


def _format_name(kind: str) -> str:
    return {
        'zip': 'a torch.save zip archive',
        'pickle': 'a legacy torch.save pickle',
        'gzip': 'a gzip archive',
    }.get(kind, 'a checkpoint')


def damaged(path: str, source: str, problem: str) -> CheckpointReadError:
    """The error for a file in a checkpoint format whose bytes do not
    read; ``problem`` completes '<format> of N bytes ...'."""
    return CheckpointReadError(
        f'cannot read the checkpoint {source}: it is truncated or damaged, '
        f'{_format_name(file_kind(path))} of {osp.getsize(path)} bytes '
        f'{problem}. A download or copy that stopped early, or a bad disk, '
        f'leaves such a file. {_AGAIN}')


def _check_zip(path: str, source: str) -> None:
    # The central directory is at the end: a truncated archive has none.
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        raise damaged(path, source, 'whose end (the zip\'s central '
                      'directory) is missing') from None
    if not any(n.endswith('data.pkl') for n in names):
        raise CheckpointReadError(
            f'cannot read the checkpoint {source}: it is a zip archive, but '
            f'not one that torch.save wrote (no data.pkl among its '
            f'{len(names)} files).')


def check_checkpoint_file(path: str,
                          source: Optional[str] = None,
                          tf_archive: Optional[bool] = None) -> None:
    """Raise :class:`~mogaseg.errors.CheckpointReadError` if ``path`` is
    no checkpoint: empty, a web page, text or unknown bytes, or a zip
    archive without its end. Reads the first bytes (and a zip's directory)
    only; ``torch.load`` finds damage inside.

    Args:
        source (str, optional): How the message names the file (its URL for
            a download). Defaults to ``path``.
        tf_archive (bool, optional): The file should be a TensorFlow
            ``.tar.gz``. Defaults to what its name says; a TensorFlow
            ``.index`` file is left to its reader.
    """
    if tf_archive is None:
        if path.endswith('.index'):
            return
        tf_archive = path.endswith(TF_ARCHIVE_ENDINGS)
    source = source or path
    kind = file_kind(path)
    if kind == 'zip' and not tf_archive:
        _check_zip(path, source)
    elif not (kind == 'pickle' and not tf_archive
              or kind == 'gzip' and tf_archive):
        raise CheckpointReadError(_not_a_checkpoint(path, source, kind))


def unreadable(path: str, source: str, reason: str) -> CheckpointReadError:
    """The one-paragraph error for a reader's failure on ``path``
    (``reason``, its words): what the file is instead, or that it is
    damaged."""
    kind = file_kind(path)
    if kind in ('empty', 'web page', 'text', 'binary'):
        return CheckpointReadError(_not_a_checkpoint(path, source, kind))
    return damaged(path, source, f'that does not read: {reason}')
