"""tools/train.py and tools/test.py as a user runs them, on generated data
in the ImageNet layout: train, evaluate, resume."""
import os.path as osp
import re

import pytest
import torch

CONFIG = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'


def _ok(result):
    proc, output = result
    assert proc.returncode == 0, output[-4000:]
    return output


@pytest.mark.slow
def test_train_test_and_resume(tmp_path, tiny_imagenet, run_tool,
                               loader_options):
    data_options = loader_options(
        tiny_imagenet,
        **{'dataset.classes': '{root}/meta/classes.txt', 'batch_size': 8})
    work_dir = str(tmp_path / 'work')
    common = [
        *data_options, 'default_hooks.logger.interval=1',
        'train_cfg.val_interval=1'
    ]
    log = _ok(run_tool('train.py', CONFIG, '--work-dir', work_dir,
               '--cfg-options', 'train_cfg.max_epochs=2',
               'param_scheduler.1.end=2', *common))
    assert 'Epoch(val) [2]' in log and 'accuracy/top1' in log
    # The run's own log plots (tools/analysis/analyze_logs.py).
    scalars = next(iter((tmp_path / 'work').rglob('scalars.json')))
    curves = tmp_path / 'curves.png'
    _ok(run_tool('analysis/analyze_logs.py', 'plot_curve', str(scalars),
                 '--keys', 'loss', 'accuracy/top1', '--out', str(curves)))
    assert curves.read_bytes().startswith(b'\x89PNG')
    epoch2 = osp.join(work_dir, 'epoch_2.pth')
    assert osp.isfile(epoch2)
    with open(osp.join(work_dir, 'last_checkpoint')) as f:
        assert f.read().strip().endswith('epoch_2.pth')
    # Our checkpoints load with torch's weights-only unpickler.
    checkpoint = torch.load(epoch2, map_location='cpu', weights_only=True)
    assert checkpoint['meta']['epoch'] == 2
    weights_epoch2 = checkpoint['state_dict']['backbone.norm4.weight']

    out_pkl = tmp_path / 'preds.pkl'
    show_dir = tmp_path / 'vis'
    log = _ok(run_tool('test.py', CONFIG, epoch2, '--work-dir',
               str(tmp_path / 'test'), '--out', str(out_pkl), '--show-dir',
               str(show_dir), '--cfg-options',
               *data_options))
    top1 = float(re.findall(r'accuracy/top1: ([\d.]+)', log)[-1])
    assert 0 <= top1 <= 100
    assert out_pkl.stat().st_size > 0
    assert len(list(show_dir.rglob('*.png'))) == 16  # every val image
    # folded for inference by default; --no-deploy scores the same
    assert re.search(r'deploy: \d+ modules folded', log)
    log = _ok(run_tool('test.py', CONFIG, epoch2, '--work-dir',
               str(tmp_path / 'test_no_deploy'), '--no-deploy',
               '--cfg-options', *data_options))
    assert not re.search(r'modules folded', log)
    assert float(re.findall(r'accuracy/top1: ([\d.]+)', log)[-1]) == top1

    # --resume without a path: the latest checkpoint of the work dir.
    log = _ok(run_tool('train.py', CONFIG, '--work-dir', work_dir,
               '--resume', '--cfg-options', 'train_cfg.max_epochs=3',
               'param_scheduler.1.end=3', *common))
    assert re.search(r'resumed epoch: 2, iter: \d+', log), log[-3000:]
    assert not re.search(r'Epoch\(train\)\s+\[1\]', log)
    assert re.search(r'Epoch\(train\)\s+\[3\]', log)
    epoch3 = torch.load(
        osp.join(work_dir, 'epoch_3.pth'), map_location='cpu',
        weights_only=True)
    assert epoch3['meta']['epoch'] == 3
    assert not torch.equal(epoch3['state_dict']['backbone.norm4.weight'],
                           weights_epoch2)

    # --resume PATH picks that checkpoint.
    log = _ok(run_tool('train.py', CONFIG, '--work-dir', work_dir,
               '--resume', epoch2, '--cfg-options', 'train_cfg.max_epochs=2',
               'param_scheduler.1.end=2', *common))
    assert re.search(r'resumed epoch: 2', log)


def test_cli_errors_print_usage_not_traceback(run_tool, tmp_path):
    proc, _ = run_tool('train.py')
    assert proc.returncode == 2
    assert 'usage: train.py' in proc.stderr
    assert 'Traceback' not in proc.stderr

    proc, _ = run_tool('train.py', CONFIG, '--resume',
                       str(tmp_path / 'missing.pth'))
    assert proc.returncode != 0
    assert 'checkpoint not found' in proc.stderr
    assert 'Traceback' not in proc.stderr


def test_crafted_checkpoint_is_refused_with_a_clear_error(
        tmp_path, tiny_imagenet, run_tool, loader_options,
        crafted_checkpoint):
    crafted, marker = crafted_checkpoint
    data_options = loader_options(
        tiny_imagenet, **{'dataset.classes': '{root}/meta/classes.txt'})
    proc, out = run_tool('test.py', CONFIG, crafted, '--work-dir',
                         str(tmp_path / 'work'), '--cfg-options',
                         *data_options)
    assert proc.returncode == 1, out[-3000:]
    assert f'error: refused to load the checkpoint {crafted}' in out
    assert 'Traceback' not in out
    assert not osp.exists(marker)


@pytest.mark.parametrize('option, expected', [
    ('model.backbone.type=mogaseg.MogaNett',
     "Did you mean 'mogaseg.MogaNet'"),
    # a key the config nearly spells: stopped before anything is built
    ('model.backbone.archh=tiny', 'did you mean model.backbone.arch?'),
    # an argument the config leaves out: the backbone's arguments
    ('model.backbone.out_indice=(3,)', "Did you mean 'out_indices'?"),
    ('model.head.in_channels=100',
     'outputs [192] channels, but model.head.in_channels = 100'),
])
def test_config_typos_get_suggestions(tmp_path, tiny_imagenet, run_tool,
                                      loader_options, option, expected):
    data_options = loader_options(
        tiny_imagenet, **{'dataset.classes': '{root}/meta/classes.txt'})
    proc, out = run_tool('train.py', CONFIG, '--work-dir',
                         str(tmp_path / 'work'), '--cfg-options',
                         *data_options, option)
    assert proc.returncode == 1, out[-3000:]
    assert 'error: ' in out and expected in out
    assert 'Traceback' not in out


def test_diverging_loss_stops_with_a_clear_error(tmp_path, tiny_imagenet,
                                                 run_tool, loader_options):
    data_options = loader_options(
        tiny_imagenet, **{
            'dataset.classes': '{root}/meta/classes.txt',
            'batch_size': 8
        })
    work_dir = tmp_path / 'work'
    # An absurd learning rate: the loss is NaN or inf within an epoch.
    proc, out = run_tool('train.py', CONFIG, '--work-dir', str(work_dir),
                         '--no-validate', '--cfg-options', *data_options,
                         'optim_wrapper.optimizer.lr=1e30',
                         'train_cfg.max_epochs=2')
    assert proc.returncode == 1, out[-3000:]
    assert re.search(r'error: the training loss became (nan|inf) at '
                     r'iteration \d+ \(epoch 1', out), out[-3000:]
    assert 'Traceback' not in out
    assert not list(work_dir.glob('*.pth'))  # nothing broken was saved


def test_out_of_range_label_names_the_image(tmp_path, tiny_imagenet,
                                            run_tool, loader_options):
    import shutil
    root = tmp_path / 'data'
    shutil.copytree(tiny_imagenet, root)
    ann = root / 'meta' / 'train.txt'
    lines = ann.read_text().splitlines()
    image = lines[5].split()[0]
    lines[5] = f'{image} 99'  # 8 classes: 99 is out of range
    ann.write_text('\n'.join(lines) + '\n')
    data_options = loader_options(
        str(root), **{
            'dataset.classes': '{root}/meta/classes.txt',
            'batch_size': 32,  # every image in the first batch
        })
    proc, out = run_tool('train.py', CONFIG, '--work-dir',
                         str(tmp_path / 'work'), '--no-validate',
                         '--cfg-options', *data_options)
    assert proc.returncode == 1, out[-3000:]
    assert re.search(rf'error: label 99 of the training image \S*{image} '
                     r'is outside 0\.\.7', out), out[-3000:]
    assert 'Traceback' not in out


@pytest.mark.parametrize('on_error', ['raise', 'skip'])
def test_corrupt_image_fails_naming_it_or_is_skipped(
        tmp_path, tiny_imagenet, run_tool, loader_options, on_error):
    import shutil
    root = tmp_path / 'data'
    shutil.copytree(tiny_imagenet, root)
    image = sorted((root / 'train').rglob('*.JPEG'))[3]
    image.write_bytes(b'\xff\xd8 truncated')
    data_options = loader_options(
        str(root), **{
            'dataset.classes': '{root}/meta/classes.txt',
            'batch_size': 8,
            'dataset.pipeline.0.on_error': on_error,
        })
    proc, out = run_tool('train.py', CONFIG, '--work-dir',
                         str(tmp_path / 'work'), '--no-validate',
                         '--cfg-options', *data_options,
                         'train_cfg.max_epochs=1')
    if on_error == 'raise':
        assert proc.returncode == 1, out[-3000:]
        assert f'error: cannot read the image {image}' in out
        assert 'Traceback' not in out
    else:
        assert proc.returncode == 0, out[-3000:]
        assert f'skipped the unreadable image {image}' in out
        assert (tmp_path / 'work' / 'epoch_1.pth').is_file()
