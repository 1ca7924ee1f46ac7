"""A checkpoint file that cannot be read ends every entry point in one
paragraph that names the file and says what it is instead, and the file is
left as it was."""
import importlib.util
import io
import os
import os.path as osp
import tarfile
import zipfile

import numpy as np
import pytest
import torch
from mmengine.runner import CheckpointLoader

from mogaseg.apis import get_model, init_model
from mogaseg.checkpoint import (CheckpointReadError, UnsafeCheckpointError,
                                read_checkpoint)

CLS_CONFIG = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'
CLS_NAME = 'moganet-xtiny_1xb16_demo-imagenet-64px'
DET_CONFIG = ('configs/moganet/'
              'mask-rcnn_moganet-xtiny_fpn_1xb4_demo-coco-128px.py')


def _saved(legacy=False) -> bytes:
    buffer = io.BytesIO()
    torch.save({'state_dict': {'w': torch.arange(4096.)}}, buffer,
               _use_new_zipfile_serialization=not legacy)
    return buffer.getvalue()


def _zip_of_text() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w') as archive:
        archive.writestr('notes.txt', 'not weights')
    return buffer.getvalue()


def _tf_archive() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode='w:gz') as tar:
        data = np.random.default_rng(0).bytes(1 << 16)  # incompressible
        info = tarfile.TarInfo('ckpt/model.ckpt.index')
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _half(data: bytes) -> bytes:
    return data[:len(data) // 2]


def _damaged_pickle() -> bytes:
    data = bytearray(_saved(legacy=True))
    at = data.index(b'state_dict')  # inside the pickled object
    data[at:at + 20] = b'\xff' * 20
    return bytes(data)


# file name -> (its bytes, words the message has besides the file name)
BROKEN = {
    'empty.pth': (b'', ['empty', '0 bytes']),
    'truncated.pth': (_half(_saved()), ['truncated', 'zip', 'end']),
    'truncated_legacy.pth': (_half(_saved(legacy=True)),
                             ['truncated', 'legacy', 'EOF']),
    'damaged_legacy.pth': (_damaged_pickle(), ['damaged', 'legacy']),
    'notes.pth': (b'epoch 12: top-1 76.3\n', ['not a checkpoint',
                                              "'epoch 12: top-1 76.3'"]),
    'lfs.pth': (b'version https://git-lfs.github.com/spec/v1\noid sha256:ab'
                b'\nsize 1234\n', ['not a checkpoint', 'git lfs pull']),
    'page.pth': (b'\n<head><title>Sign in</title></head><body></body>',
                 ['web page', '<head>']),
    'archive.pth': (_zip_of_text(), ['not one that torch.save wrote']),
    'junk.pth': (b'\x00\x01\x02junk' * 8, ['not a checkpoint', 'binary']),
    'moat.tar.gz': (_half(_tf_archive()), ['truncated', 'gzip']),
}
TRUNCATED = BROKEN['truncated.pth'][0]


@pytest.fixture
def broken(tmp_path):
    """Write one of :data:`BROKEN` into ``tmp_path``; its path."""

    def write(name, data=None):
        path = tmp_path / name
        path.write_bytes(BROKEN[name][0] if data is None else data)
        return str(path)

    return write


def _assert_one_paragraph(error, path, words):
    message = str(error)
    assert path in message and '\n' not in message, message
    for word in words:
        assert word in message, (word, message)


@pytest.mark.parametrize('name', sorted(BROKEN))
def test_each_broken_file_is_reported_as_what_it_is(broken, name):
    path = broken(name)
    with pytest.raises(CheckpointReadError) as error:
        CheckpointLoader.load_checkpoint(path, map_location='cpu')
    _assert_one_paragraph(error.value, path, BROKEN[name][1])
    assert not isinstance(error.value, UnsafeCheckpointError)
    # nothing lost: the user's file stays, and no half extraction with it
    with open(path, 'rb') as f:
        assert f.read() == BROKEN[name][0]
    if name.endswith('.tar.gz'):
        assert not osp.exists(path[:-len('.tar.gz')])


def test_a_refused_global_is_still_an_unsafe_checkpoint(crafted_checkpoint):
    path, marker = crafted_checkpoint
    with pytest.raises(UnsafeCheckpointError, match='GLOBAL'):
        read_checkpoint(path)
    assert not osp.exists(marker)


def test_a_whole_checkpoint_still_loads(broken):
    for legacy in (False, True):
        path = broken('truncated.pth', _saved(legacy))  # any name
        loaded = read_checkpoint(path)
        assert torch.equal(loaded['state_dict']['w'], torch.arange(4096.))


def _tool(script):
    """``main`` of ``tools/`` or ``demo/`` SCRIPT, imported in this
    process."""
    root = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
    spec = importlib.util.spec_from_file_location(
        'tool_' + osp.basename(script)[:-3], osp.join(root, script))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


def _image(tmp_path):
    import mmcv
    path = str(tmp_path / 'image.png')
    mmcv.imwrite(np.zeros((32, 32, 3), np.uint8), path)
    return path


def _last_checkpoint(tmp_path, path):
    work = tmp_path / 'work'
    work.mkdir()
    (work / 'last_checkpoint').write_text(path)
    return str(work)


# entry point -> a call that loads the checkpoint at ``path``
LIBRARY_ENTRIES = {
    'init_model': lambda path, tmp: init_model(CLS_CONFIG, path),
    'get_model': lambda path, tmp: get_model(CLS_NAME, pretrained=path),
    'mmdet.init_detector': lambda path, tmp: __import__(
        'mmdet.apis').apis.init_detector(DET_CONFIG, path, device='cpu'),
}
TOOL_ENTRIES = {
    'tools/test.py': lambda path, tmp: _tool('tools/test.py')(
        [CLS_CONFIG, path, '--work-dir', str(tmp / 'work')]),
    'tools/train.py --resume FILE': lambda path, tmp: _tool(
        'tools/train.py')([CLS_CONFIG, '--resume', path, '--work-dir',
                           str(tmp / 'work')]),
    'tools/train.py load_from': lambda path, tmp: _tool('tools/train.py')(
        [CLS_CONFIG, '--cfg-options', f'load_from={path}', '--work-dir',
         str(tmp / 'work')]),
    'tools/train.py --resume': lambda path, tmp: _tool('tools/train.py')(
        [CLS_CONFIG, '--resume', '--work-dir', _last_checkpoint(tmp, path)]),
    'demo/image_demo.py': lambda path, tmp: _tool('demo/image_demo.py')(
        [_image(tmp), CLS_CONFIG, path, '--out-file', str(tmp / 'out.png')]),
}


@pytest.mark.parametrize('entry', sorted(LIBRARY_ENTRIES))
def test_library_entry_points_raise_the_paragraph(broken, tmp_path, entry):
    path = broken('truncated.pth')
    with pytest.raises(CheckpointReadError) as error:
        LIBRARY_ENTRIES[entry](path, tmp_path)
    _assert_one_paragraph(error.value, path, ['truncated'])


@pytest.mark.parametrize('entry', sorted(TOOL_ENTRIES))
def test_tools_end_with_the_paragraph(broken, tmp_path, entry):
    path = broken('truncated.pth')
    with pytest.raises(SystemExit) as exit_:
        TOOL_ENTRIES[entry](path, tmp_path)
    message = exit_.value.code  # sys.exit(text): printed, exit status 1
    assert isinstance(message, str) and message.startswith(
        'error: cannot read the checkpoint'), message
    _assert_one_paragraph(message, path, ['truncated'])
    if entry == 'tools/train.py --resume':
        assert 'last_checkpoint' in message and '--resume FILE' in message
    assert os.path.getsize(path) == len(TRUNCATED)


def test_a_missing_model_name_lists_the_closest(tmp_path):
    with pytest.raises(CheckpointReadError) as error:
        get_model(CLS_NAME, pretrained='moganet-xtiny_1xb16_demo-imagenet')
    message = str(error.value)
    assert "'moganet-xtiny_1xb16_demo-imagenet' is neither a file" in message
    assert CLS_NAME in message
    with pytest.raises(SystemExit, match='neither a file.*moganet-tiny_8xb'):
        _tool('tools/test.py')(
            [CLS_CONFIG, 'moganet-tiny_8xb128', '--work-dir', str(tmp_path)])
