import pytest
import torch
from mmengine.config import Config

from mogaseg.engine import ConfigError, setup_test_cfg, setup_train_cfg

CONFIG = 'configs/moganet/moganet-tiny_8xb128_in1k.py'


def _cfg():
    return Config.fromfile(CONFIG)


def test_default_work_dir_and_options():
    cfg = setup_train_cfg(
        _cfg(), CONFIG, cfg_options={'train_dataloader.batch_size': 16})
    assert cfg.work_dir == './work_dirs/moganet-tiny_8xb128_in1k'
    assert cfg.train_dataloader.batch_size == 16
    assert cfg.launcher == 'none'
    assert cfg.resume is False


def test_resume_modes(tmp_path):
    cfg = setup_train_cfg(_cfg(), CONFIG, resume='auto')
    assert cfg.resume is True and cfg.load_from is None
    ckpt = tmp_path / 'epoch_1.pth'
    torch.save({}, ckpt)  # an empty file is refused (a broken checkpoint)
    cfg = setup_train_cfg(_cfg(), CONFIG, resume=str(ckpt))
    assert cfg.resume is True and cfg.load_from == str(ckpt)
    with pytest.raises(ConfigError, match='not found'):
        setup_train_cfg(_cfg(), CONFIG, resume=str(tmp_path / 'nope.pth'))


def test_auto_scale_lr_and_no_validate():
    cfg = setup_train_cfg(_cfg(), CONFIG, auto_scale_lr=True,
                          no_validate=True)
    assert cfg.auto_scale_lr.enable is True
    assert cfg.auto_scale_lr.base_batch_size == 1024
    assert cfg.val_cfg is None and cfg.val_dataloader is None
    bare = _cfg()
    bare.pop('auto_scale_lr')
    with pytest.raises(ConfigError, match='base_batch_size'):
        setup_train_cfg(bare, CONFIG, auto_scale_lr=True)


def test_dist_backend_and_amp_follow_the_machine():
    cfg = setup_train_cfg(_cfg(), CONFIG, launcher='pytorch')
    assert cfg.launcher == 'pytorch'
    if torch.cuda.is_available():
        assert cfg.env_cfg.dist_cfg.backend == 'nccl'
        cfg = setup_train_cfg(_cfg(), CONFIG, amp=True)
        assert cfg.optim_wrapper.type == 'AmpOptimWrapper'
    else:
        assert cfg.env_cfg.dist_cfg.backend == 'gloo'
        # DDP of a CPU module takes no device ids
        assert cfg.model_wrapper_cfg.device_ids is None
        with pytest.raises(ConfigError, match='CUDA'):
            setup_train_cfg(_cfg(), CONFIG, amp=True)
    # without a launcher the config's backend is left alone
    assert setup_train_cfg(_cfg(), CONFIG).env_cfg.dist_cfg.backend == 'nccl'


def test_test_cfg_out_and_show_dir(tmp_path):
    ckpt = tmp_path / 'model.pth'
    torch.save({}, ckpt)
    cfg = setup_test_cfg(_cfg(), CONFIG, str(ckpt), out='preds.pkl',
                         show_dir='vis')
    assert cfg.load_from == str(ckpt)
    assert cfg.test_evaluator[-1] == dict(
        type='mmengine.DumpResults', out_file_path='preds.pkl')
    hook = cfg.default_hooks.visualization
    assert hook.enable is True and hook.out_dir == 'vis'
    with pytest.raises(ConfigError, match='.pkl'):
        setup_test_cfg(_cfg(), CONFIG, str(ckpt), out='preds.json')
    with pytest.raises(ConfigError, match='not found'):
        setup_test_cfg(_cfg(), CONFIG, str(tmp_path / 'missing.pth'))


def test_sync_bn_falls_back_to_bn_without_cuda(monkeypatch):
    from mogaseg.engine import launch
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    options = {
        'model.backbone.norm_cfg': dict(type='SyncBN', requires_grad=True),
        'sync_bn': 'torch'
    }
    warnings = []
    monkeypatch.setattr(launch, 'print_log',
                        lambda msg, **kwargs: warnings.append(msg))
    cfg = setup_train_cfg(_cfg(), CONFIG, launcher='pytorch',
                          cfg_options=options)
    assert cfg.model.backbone.norm_cfg == dict(type='BN', requires_grad=True)
    assert cfg.get('sync_bn') is None
    assert len(warnings) == 1 and 'SyncBN needs CUDA' in warnings[0]
    assert 'model.backbone.norm_cfg' in warnings[0]


def test_fsdp_config_switches_runner_and_runs_on_cpu(monkeypatch):
    path = 'configs/moganet/moganet-xlarge_8xb64_in1k_fsdp.py'
    cfg = Config.fromfile(path)
    assert cfg.runner_type == 'FlexibleRunner'
    assert cfg.strategy.type == 'mogaseg.FSDP2Strategy'
    assert cfg.model.backbone.arch == 'xlarge'  # the rest is inherited
    monkeypatch.setattr(torch.cuda, 'is_available', lambda: False)
    setup_train_cfg(cfg, path, launcher='pytorch')  # FSDP2: no CUDA needed

    # torch's first FSDP (MMEngine's FSDPStrategy) needs CUDA
    cfg.strategy = dict(type='FSDPStrategy')
    with pytest.raises(ConfigError,
                       match='FSDPStrategy .* CUDA GPUs.*FSDP2Strategy'):
        setup_train_cfg(cfg, path, launcher='pytorch')


def test_every_pipeline_loads_images_with_the_checked_loader():
    config = 'configs/moganet/mask-rcnn_moganet-xtiny_fpn_1x_coco.py'
    cfg = setup_train_cfg(Config.fromfile(config), config)
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        load = cfg[loader].dataset.pipeline[0]
        assert load.type == 'mogaseg.LoadImageFromFile', loader


def test_shipped_configs_name_the_library_loader():
    """The task libraries' inferencers recognise (and replace) their own
    image loader only; the tools swap in the checked one."""
    import glob
    for path in glob.glob('configs/**/*.py', recursive=True):
        assert 'mogaseg.LoadImageFromFile' not in open(path).read(), path


def test_the_swap_keeps_the_loader_options():
    config = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'
    cfg = setup_train_cfg(
        Config.fromfile(config), config,
        cfg_options={'train_dataloader.dataset.pipeline.0.ignore_empty': True})
    load = cfg.train_dataloader.dataset.pipeline[0]
    assert load.type == 'mogaseg.LoadImageFromFile'
    from mogaseg.registry import TRANSFORMS
    assert TRANSFORMS.build(load).on_error == 'skip'
