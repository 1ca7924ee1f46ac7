"""tools/analysis/browse_dataset.py: the pipeline's output, drawn with its
annotations, for the three tasks."""
import argparse

import mmcv
import numpy as np
import pytest
from mmengine.config import Config, DictAction

from mogaseg.analysis.browse import browse_dataset
from mogaseg.apis import build_dataset
from mogaseg.engine import ConfigError


def _config(run):
    """The demo run's config with its ``--cfg-options`` applied."""
    parser = argparse.ArgumentParser()
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    cfg = Config.fromfile(run.config)
    cfg.merge_from_dict(
        parser.parse_args(['--cfg-options', *run.options]).cfg_options)
    return cfg


@pytest.mark.parametrize('task', ['cls', 'det', 'seg'])
def test_drawn_samples_show_their_annotations(demo_runs, tmp_path, task):
    cfg = _config(demo_runs[task])
    # The pipeline's own output, to compare the drawings with.
    dataset = build_dataset(cfg, 'val_dataloader')
    packed = [dataset[index] for index in range(2)]
    written = list(
        browse_dataset(cfg, str(tmp_path), phase='val', num_images=2))
    assert len(written) == 2
    for sample, path in zip(packed, written):
        drawn = mmcv.imread(path)  # BGR, as the packed image
        image = sample['inputs'].permute(1, 2, 0).numpy()
        if task == 'cls':
            # enlarged for the label text, which is drawn on top
            image = mmcv.imresize(image, drawn.shape[1::-1])
            assert drawn.shape[0] >= 224
        assert drawn.shape == image.shape
        changed = np.abs(drawn.astype(int) - image.astype(int)).max(-1) > 40
        if task == 'seg':
            # every pixel is labelled: the overlay covers the image
            assert changed.mean() > 0.5
        else:
            # a label box, or the boxes and masks: part of the image
            assert 0.001 < changed.mean() < 0.5


def test_training_augmentations_are_applied(demo_runs, tmp_path):
    cfg = _config(demo_runs['cls'])
    cfg.train_dataloader.dataset.pipeline = [
        dict(type='mogaseg.LoadImageFromFile'),
        dict(type='RandomFlip', prob=1.0, direction='horizontal'),
        dict(type='PackInputs'),
    ]
    flipped = build_dataset(cfg, 'train_dataloader')[0]['inputs']
    cfg.train_dataloader.dataset.pipeline.pop(1)
    plain = build_dataset(cfg, 'train_dataloader')[0]['inputs']
    assert np.array_equal(flipped.numpy(), plain.flip(-1).numpy())


@pytest.mark.slow
@pytest.mark.parametrize('task', ['cls', 'det', 'seg'])
def test_browse_dataset_tool(demo_runs, run_tool, tmp_path, task):
    run = demo_runs[task]
    out_dir = tmp_path / 'browse'
    proc, output = run_tool('analysis/browse_dataset.py', run.config,
                            '--output-dir', str(out_dir), '--num-images', '3',
                            '--cfg-options', *run.options)
    assert proc.returncode == 0, output[-3000:]
    files = sorted(out_dir.glob('*.png'))
    assert len(files) == 3
    for path in files:
        assert path.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'
        assert mmcv.imread(str(path)).size > 0
    assert f'3 images drawn to {out_dir}' in output


def test_missing_data_root_is_named(demo_runs, run_tool, tmp_path):
    run = demo_runs['det']
    proc, output = run_tool('analysis/browse_dataset.py', run.config,
                            '--output-dir', str(tmp_path), '--cfg-options',
                            *run.options,
                            'train_dataloader.dataset.data_root=no/such/dir')
    assert proc.returncode == 1
    assert "data_root 'no/such/dir' is not a directory" in output
    assert 'Traceback' not in output


def test_classes_absent_from_the_annotations_are_explained(demo_runs):
    cfg = _config(demo_runs['det'])
    cfg.train_dataloader.dataset.metainfo = dict(classes=('person', 'car'))
    with pytest.raises(ConfigError, match=r'train_dataloader.dataset has no '
                       r'samples\. .*its classes \(person, car\) must be '
                       'categories of that file'):
        build_dataset(cfg, 'train_dataloader')
