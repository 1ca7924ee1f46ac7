import mmcv
import numpy as np
import pytest

from mogaseg.datasets import LoadImageFromFile, UnreadableImageError


@pytest.fixture
def images(tmp_path):
    good = str(tmp_path / 'good.png')
    mmcv.imwrite(np.full((6, 8, 3), 7, np.uint8), good)
    corrupt = tmp_path / 'corrupt.jpg'
    corrupt.write_bytes(b'\xff\xd8 this is not a JPEG')
    return good, str(corrupt), str(tmp_path / 'missing.jpg')


def test_readable_image_loads_as_mmcv_does(images):
    good = images[0]
    results = LoadImageFromFile()(dict(img_path=good))
    assert results['img'].shape == (6, 8, 3)
    assert results['img_shape'] == results['ori_shape'] == (6, 8)
    assert results['img'].dtype == np.uint8
    floats = LoadImageFromFile(to_float32=True)(dict(img_path=good))
    assert floats['img'].dtype == np.float32


@pytest.mark.parametrize('which', [1, 2])  # corrupt, missing
def test_unreadable_image_raises_naming_the_file(images, which):
    path = images[which]
    with pytest.raises(UnreadableImageError, match='cannot read the image'
                       ) as err:
        LoadImageFromFile()(dict(img_path=path))
    assert path in str(err.value) and "on_error='skip'" in str(err.value)


def test_skip_counts_and_returns_none(images):
    before = LoadImageFromFile.skipped
    loader = LoadImageFromFile(on_error='skip')
    assert loader(dict(img_path=images[1])) is None
    assert loader(dict(img_path=images[2])) is None
    assert LoadImageFromFile.skipped == before + 2
    assert loader(dict(img_path=images[0])) is not None
    with pytest.raises(ValueError, match="'raise' or 'skip'"):
        LoadImageFromFile(on_error='ignore')


def test_mmcv_ignore_empty_means_skip(images):
    # the tools swap mmcv's loader for this one, options and all
    assert LoadImageFromFile(ignore_empty=True).on_error == 'skip'
    assert LoadImageFromFile(ignore_empty=False).on_error == 'raise'
    assert LoadImageFromFile(ignore_empty=True,
                             on_error='raise').on_error == 'raise'
    assert LoadImageFromFile(ignore_empty=True)(
        dict(img_path=images[2])) is None
