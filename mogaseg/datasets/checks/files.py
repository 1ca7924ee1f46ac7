"""Reading many files for a check: a thread pool, and a progress bar when
there are enough files to wait for.

Threads, not processes: the work is file reads and image decoding (PIL and
OpenCV release the GIL in both), and the results are small."""
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, List, Optional, Sequence, Tuple, TypeVar

from mmengine.logging import print_log
from mmengine.utils import ProgressBar
from PIL import Image

T = TypeVar('T')

# below this many files a check takes about a second: no progress bar
PROGRESS_FROM = 1000
BATCH = 512


def _workers() -> int:
    # reads wait on the disk; a few threads per core keep it busy
    return min(32, 4 * (os.cpu_count() or 1))


def map_files(read: Callable[[str], T], paths: Sequence[str],
              what: str) -> List[T]:
    """``read(path)`` for every path, in order, on a thread pool; with a
    progress bar (titled ``what``) for more than :data:`PROGRESS_FROM`
    files."""
    if not paths:
        return []
    bar = None
    if len(paths) > PROGRESS_FROM:
        print_log(f'checking {len(paths)} {what} before training',
                  logger='current')
        bar = ProgressBar(len(paths))
    results = []
    with ThreadPoolExecutor(_workers()) as pool:
        # in batches: one future per file of a million-image dataset would
        # hold a lot of memory at once
        for start in range(0, len(paths), BATCH):
            batch = paths[start:start + BATCH]
            results.extend(pool.map(read, batch))
            if bar is not None:
                bar.update(len(batch))
    if bar is not None:
        bar.file.write('\n')
    return results


def image_size(path: str) -> Optional[Tuple[int, int]]:
    """(width, height) from the image file's header, without decoding its
    pixels; None for a file that is not a readable image (the pipeline's
    loader reports those by name)."""
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def file_bytes(path: str) -> Optional[int]:
    """The size of a file in bytes, None if it does not exist."""
    try:
        return os.path.getsize(path)
    except OSError:
        return None
