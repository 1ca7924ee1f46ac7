"""Video prediction through the same tools as the other tasks: the demo end
to end (tools/run_demo.py video: the real Moving MNIST loader on real
digits, tools/train.py, tools/test.py, the trivial predictions beside), an
exact --resume, and the analysis tools on the published configs."""
import os.path as osp
import re

import mmcv
import pytest
import torch

DEMO = 'configs/moganet/simvp_moganet_1xb8_demo-mmnist.py'


def _metric(text: str, key: str) -> float:
    return float(re.findall(rf'{re.escape(key)} = ([-\d.]+)', text)[-1])


@pytest.mark.slow
def test_video_demo_beats_the_trivial_predictions(tmp_path, run_tool):
    """A shortened demo (60 iterations of 8 sequences, ~40 s): its test MSE
    is already clearly below that of empty frames and of the last frame
    repeated, on the held-out digits' test sequences."""
    work_dir = str(tmp_path / 'demo_video')
    proc, log = run_tool(
        'run_demo.py', 'video', '--work-dir', work_dir, '--cfg-options',
        'train_dataloader.dataset.length=480', 'train_cfg.max_epochs=1',
        'train_cfg.val_interval=2', 'param_scheduler.0.end=1')
    assert proc.returncode == 0, log[-4000:]
    summary = log[log.index('video demo:'):]
    model = _metric(summary.split('\n')[0], 'video/mse')
    zeros = _metric(summary.split('zeros:')[1], 'video/mse')
    last = _metric(summary.split('copy the last frame:')[1], 'video/mse')
    assert model < 0.92 * min(zeros, last), summary
    # every test sequence drawn (tools/test.py --show-dir): inputs, truth
    # and prediction, a row of 64 px frames each
    drawn = mmcv.imread(osp.join(work_dir, 'vis', '000000.png'))
    assert drawn.shape[0] == 3 * 64 + 2 * 2
    assert osp.isfile(osp.join(work_dir, 'vis', '000199.png'))


def _tiny_options(root):
    return [
        f'train_dataloader.dataset.data_root={root}',
        f'val_dataloader.dataset.data_root={root}',
        f'test_dataloader.dataset.data_root={root}',
        'train_dataloader.dataset.length=8', 'train_dataloader.batch_size=4',
        'train_dataloader.num_workers=1', 'val_dataloader.num_workers=0',
        'model.spatial_channels=8', 'model.translator_channels=16',
        'model.num_translator_blocks=2', 'train_cfg.max_epochs=2',
        'train_cfg.val_interval=2', 'param_scheduler.0.end=2',
        'default_hooks.logger.interval=1'
    ]


@pytest.fixture(scope='module')
def tiny_moving_mnist(tmp_path_factory):
    from mogaseg.datasets import make_moving_mnist_demo
    root = str(tmp_path_factory.mktemp('tiny_moving_mnist'))
    make_moving_mnist_demo(root, num_test=4, test_per_class=10)
    return root


@pytest.mark.slow
def test_video_resume_ends_where_the_uninterrupted_run_ends(
        tmp_path, run_tool, tiny_moving_mnist):
    """Epoch 2 after --resume from epoch 1 gives the uninterrupted run's
    weights: the generated training sequences and the one-cycle schedule
    (its annealing function is not in the checkpoint) both replay."""
    options = _tiny_options(tiny_moving_mnist)
    straight = str(tmp_path / 'straight')
    proc, log = run_tool('train.py', DEMO, '--work-dir', straight,
                         '--cfg-options', *options)
    assert proc.returncode == 0, log[-4000:]
    assert 'video/mse' in log

    resumed = str(tmp_path / 'resumed')
    proc, log = run_tool('train.py', DEMO, '--work-dir', resumed,
                         '--resume', osp.join(straight, 'epoch_1.pth'),
                         '--cfg-options', *options)
    assert proc.returncode == 0, log[-4000:]

    def weights(work_dir):
        return torch.load(osp.join(work_dir, 'epoch_2.pth'),
                          map_location='cpu',
                          weights_only=True)['state_dict']

    expected, got = weights(straight), weights(resumed)
    for key, value in expected.items():
        assert torch.equal(value, got[key]), key


@pytest.mark.parametrize('config, params, flops', [
    ('configs/moganet/simvp_moganet_1xb16-200e_mmnist.py', 46.8, 16.5),
    ('configs/moganet/simvp_moganet_1xb16-50e_taxibj.py', 9.96, 2.61),
    ('configs/moganet/'
     'simvp_moganet_1xb16-50e_weatherbench-t2m-5.625deg.py', 12.76, 7.01),
    ('configs/van/simvp_van_1xb16-200e_mmnist.py', 44.5, 16.0),
])
def test_get_flops_gives_the_published_rows(load_tool, capsys, config,
                                            params, flops):
    """One input sequence at the config's frame size, as the release
    counts (the other video rows share these models)."""
    load_tool('analysis/get_flops.py').main([config])
    out = capsys.readouterr().out
    got_params = float(re.search(r'Params: ([\d.]+) M', out).group(1))
    got_flops = float(re.search(r'FLOPs: ([\d.]+) G', out).group(1))
    assert got_params == pytest.approx(params, rel=0.02)
    assert got_flops == pytest.approx(flops, rel=0.02)


@pytest.mark.parametrize('mode', ['infer', 'train'])
def test_benchmark_times_a_video_model_on_sequences(mode):
    from mogaseg.analysis import (Optimizations, build_target,
                                  config_in_shape, run_benchmark)
    in_shape = config_in_shape(DEMO)
    assert in_shape == (10, 1, 64, 64)
    result = run_benchmark(
        lambda opts: build_target(DEMO, input_shape=in_shape[-2:]),
        name=DEMO, mode=mode, batch_size=2, shape=in_shape[-2:],
        opts=Optimizations(), variant='baseline', warmup=0, repeats=1)
    assert result.shape == (64, 64) and result.imgs_per_s > 0


def test_browse_dataset_draws_video_sequences(tmp_path, tiny_moving_mnist):
    from mmengine.config import Config

    from mogaseg.analysis.browse import browse_dataset
    cfg = Config.fromfile(DEMO)
    cfg.merge_from_dict(
        {'train_dataloader.dataset.data_root': tiny_moving_mnist})
    files = list(browse_dataset(cfg, str(tmp_path), num_images=2))
    assert [osp.basename(f) for f in files] == [
        '0000_sequence.png', '0001_sequence.png'
    ]
    # the input and the target frames, a row of 64 px frames each
    assert mmcv.imread(files[0]).shape[:2] == (2 * 64 + 2, 80 + 10 * 66)


@pytest.mark.parametrize('script, args', [
    ('tools/analysis/erf.py', [DEMO]),
    ('tools/visualization/vis_cam.py', ['demo.png', DEMO, 'model.pth']),
    ('tools/deployment/pytorch2onnx.py', [DEMO, 'model.pth']),
    ('demo/image_demo.py', ['demo.png', DEMO, 'model.pth']),
])
def test_image_tools_refuse_a_video_config_in_one_line(
        repo_root, script, args):
    """The tools made for image models name the ones a video model has."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        'image_tool', osp.join(repo_root, script))
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    with pytest.raises(SystemExit) as exit_info:
        tool.main(args)
    # sys.exit(message): Python prints the message alone, no traceback
    message = str(exit_info.value.code)
    assert 'works on image models' in message and 'SimVP' in message
    assert '\n' not in message
