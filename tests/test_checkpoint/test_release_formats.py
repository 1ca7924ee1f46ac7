"""Every release's file layout loads, with every weight in place.

Each case saves a model's weights the way a release stores them: the key
names and shapes come from the official model definitions
(``tests/data/*_official_keys.json``), the container from the release's
saving code (timm's ``CheckpointSaver``, FocalNet's ``save_checkpoint``,
MMCV 1.x runners ...). Loading such a file must give back the model that
saved it.
"""
import argparse
import json
import os.path as osp
import re
import subprocess
import sys
from collections import OrderedDict

import numpy as np
import pytest
import torch
from yacs.config import CfgNode

from mogaseg.apis import build_model_from_config, get_model, model_info
from mogaseg.checkpoint import (CheckpointMismatchError, normalize_checkpoint,
                                read_checkpoint)

DATA = osp.join(osp.dirname(osp.dirname(__file__)), 'data')


def _official_keys(name: str) -> dict:
    with open(osp.join(DATA, f'{name}.json')) as f:
        return {k: tuple(v) for k, v in json.load(f)['keys'].items()}


def _randomized(model, seed=0):
    """Random weights and statistics, so that misplaced tensors show."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, t in model.state_dict().items():
            if not t.is_floating_point():
                continue
            if name.endswith('running_var'):
                t.copy_(torch.rand(t.shape, generator=gen) + 0.5)
            else:
                t.copy_(torch.randn(t.shape, generator=gen) * 0.05)
    return model


def _saver(name, seed=0, **kwargs):
    return _randomized(get_model(name, deploy=False, **kwargs), seed)


def _shapes(state_dict) -> dict:
    return {k: tuple(v.shape) for k, v in state_dict.items()}


def _assert_same_weights(model, reference):
    expected = reference.state_dict()
    got = model.state_dict()
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        torch.testing.assert_close(got[key], value, rtol=0, atol=0, msg=key)


def _assert_same_logits(model, reference):
    x = torch.rand(2, 3, 64, 64, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        torch.testing.assert_close(
            model(x, mode='tensor'), reference.eval()(x, mode='tensor'),
            rtol=0, atol=1e-5)


# Our names -> the releases' (the inverse of the conversion under test,
# written out independently of it).
def _moganet_release(state_dict):
    return OrderedDict((re.sub(r'^head\.fc\.', 'head.', k[9:] if k.startswith(
        'backbone.') else k), v) for k, v in state_dict.items())


def _focalnet_release(state_dict):
    renamed = OrderedDict()
    for key, value in state_dict.items():
        key = key.replace('backbone.norm3.', 'norm.').replace(
            'backbone.', '').replace('head.fc.', 'head.')
        renamed[key] = value
    return renamed


def _van_key(key):
    key = re.sub(r'^blocks(\d)', r'block\1', key)
    key = re.sub(r'^(patch_embed\d)\.projection\.', r'\1.proj.', key)
    key = key.replace('.DW_conv.', '.conv0.').replace('.DW_D_conv.',
                                                      '.conv_spatial.')
    return re.sub(r'\.mlp\.dwconv\.', '.mlp.dwconv.dwconv.', key)


def _van_release(state_dict):
    return OrderedDict(
        ('head.' + k[8:] if k.startswith('head.fc.') else _van_key(k[9:]), v)
        for k, v in state_dict.items())


def _mmcv1_container(state_dict, library='mmdet_version', version='2.28.2'):
    """An MMCV 1.x runner's checkpoint, numpy scalars in its meta."""
    return {
        'meta': {
            library: version,
            'mmcv_version': '1.7.0',
            'CLASSES': ('person', 'car'),
            'config': 'model = dict(...)',
            'epoch': 12,
            'hook_msgs': {'best_score': np.float64(0.41)},
        },
        'state_dict': state_dict,
        'optimizer': {'state': {}, 'param_groups': [{'lr': 1e-4}]},
    }


def test_moganet_timm_checkpoint_saver_file(tmp_path, repo_root):
    """The file timm's CheckpointSaver writes (what the release's train.py
    saves): argparse args, optimizer state, EMA weights."""
    saver = _saver('moganet-xtiny_8xb128_in1k')
    ema = _saver('moganet-xtiny_8xb128_in1k', seed=1)
    weights = _moganet_release(saver.state_dict())
    assert _shapes(weights) == _official_keys('moganet_xtiny_official_keys')
    path = str(tmp_path / 'checkpoint-299.pth.tar')
    torch.save({
        'epoch': 299,
        'arch': 'moganet_xtiny',
        'state_dict': weights,
        'optimizer': {'state': {}, 'param_groups': [{'lr': 1e-6}]},
        'version': 2,
        'args': argparse.Namespace(model='moganet_xtiny', lr=1e-3,
                                   mean=np.array([0.485, 0.456, 0.406])),
        'state_dict_ema': _moganet_release(ema.state_dict()),
        'metric': np.float64(76.5),
    }, path)
    # the EMA weights: what the release evaluates where it trained them
    _assert_same_logits(
        get_model('moganet-xtiny_8xb128_in1k', pretrained=path,
                  deploy=False), ema)

    # and the offline converter, which failed on such a file
    dst = str(tmp_path / 'converted.pth')
    proc = subprocess.run([
        sys.executable,
        osp.join(repo_root, 'tools/model_converters/release2mogaseg.py'),
        path, dst
    ], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    converted = torch.load(dst, weights_only=True)
    assert converted['state_dict'].keys() == ema.state_dict().keys()


def test_moganet_released_imagenet_file_and_openmixup_file(tmp_path):
    saver = _saver('moganet-xtiny_8xb128_in1k')
    release = str(tmp_path / 'moganet_xtiny_sz224_8xbs128_ep300.pth.tar')
    # extract_ckpt.py's output
    torch.save({'state_dict': _moganet_release(saver.state_dict()),
                'author': 'MogaNet', 'arch': 'moganet_xtiny',
                'metric': np.float64(76.5)}, release)
    _assert_same_logits(
        get_model('moganet-xtiny_8xb128_in1k', pretrained=release,
                  deploy=False), saver)

    weights = saver.state_dict()
    assert _shapes(weights) == _official_keys('moganet_xtiny_openmixup_keys')
    # openmixup's EMA hook keeps a copy of each parameter next to it
    weights.update({
        'ema_' + k.replace('.', '_'): torch.zeros_like(v)
        for k, v in saver.named_parameters()
    })
    openmixup = str(tmp_path / 'moga_xtiny_sz224_8xb128_fp16_ep300.pth')
    torch.save(_mmcv1_container(weights, 'openmixup_version', '0.2.10'),
               openmixup)
    _assert_same_logits(
        get_model('moganet-xtiny_8xb128_in1k', pretrained=openmixup,
                  deploy=False), saver)


@pytest.mark.parametrize('name', [
    'retinanet_moganet-xtiny_fpn_1x_coco',
    'mask-rcnn_moganet-xtiny_fpn_1x_coco',
    'cascade-mask-rcnn_moganet-small_fpn_4conv1fc-giou_ms-crop-3x_coco',
])
def test_moganet_released_detector_mmdet2(tmp_path, name):
    saver = _saver(name)
    if 'xtiny' in name:
        backbone = {
            k: v
            for k, v in _shapes(saver.state_dict()).items()
            if k.startswith('backbone.')
        }
        assert backbone == _official_keys(
            'moganet_xtiny_detection_official_keys')
    path = str(tmp_path / f'{name}.pth')
    torch.save(_mmcv1_container(saver.state_dict()), path)
    _assert_same_weights(
        get_model(name, pretrained=path, deploy=False), saver)


def test_moganet_released_segmentor_mmseg0_as_backbone_init(tmp_path):
    saver = _saver('fpn_moganet-xtiny_8xb4-80k_ade20k-512x512')
    path = str(tmp_path / 'fpn_moganet_xtiny_80k_ade20k.pth')
    torch.save(
        _mmcv1_container(saver.state_dict(), 'mmseg_version', '0.29.1'),
        path)
    _assert_same_weights(
        get_model('fpn_moganet-xtiny_8xb4-80k_ade20k-512x512',
                  pretrained=path, deploy=False), saver)
    # the released segmentor's backbone as the init of another model
    upernet = build_model_from_config(
        model_info('upernet_moganet-xtiny_4xb4-160k_ade20k-512x512').config,
        pretrained=True,
        cfg_options={
            'model.backbone.init_cfg':
            dict(type='Pretrained', checkpoint=path, prefix='backbone.')
        })
    _assert_same_weights(upernet.backbone, saver.backbone)


def test_focalnet_release_with_yacs_config_and_22k_head(tmp_path):
    saver = _saver('focalnet-tiny-srf_8xb128_in1k')
    weights = _focalnet_release(saver.state_dict())
    assert _shapes(weights) == _official_keys(
        'focalnet_tiny_srf_official_keys')
    config = CfgNode()
    config.MODEL = CfgNode()
    config.MODEL.NAME = 'focalnet_tiny_srf'
    config.freeze()
    path = str(tmp_path / 'focalnet_tiny_srf.pth')
    torch.save({'model': weights, 'optimizer': {}, 'lr_scheduler': {},
                'max_accuracy': 82.1, 'epoch': 299, 'config': config}, path)
    _assert_same_logits(
        get_model('focalnet-tiny-srf_8xb128_in1k', pretrained=path,
                  deploy=False), saver)

    # An ImageNet-22K head: its first 1000 classes are ImageNet-1K's.
    head_22k = torch.randn(21842, weights['head.weight'].shape[1])
    head_22k[:1000] = weights['head.weight']
    bias_22k = torch.randn(21842)
    bias_22k[:1000] = weights['head.bias']
    weights.update({'head.weight': head_22k, 'head.bias': bias_22k})
    path_22k = str(tmp_path / 'focalnet_tiny_srf_22k.pth')
    torch.save({'model': weights}, path_22k)
    _assert_same_logits(
        get_model('focalnet-tiny-srf_8xb128_in1k', pretrained=path_22k,
                  deploy=False), saver)


@pytest.mark.parametrize('name', [
    'mask-rcnn_focalnet-tiny-srf_fpn_1x_coco',
    'upernet_focalnet-tiny-srf_4xb4-160k_ade20k-512x512',
])
def test_focalnet_released_detector_and_segmentor(tmp_path, name):
    saver = _saver(name)
    backbone = {
        k: v
        for k, v in _shapes(saver.state_dict()).items()
        if k.startswith('backbone.')
    }
    assert backbone == _official_keys(
        'focalnet_tiny_srf_detection_official_keys')
    path = str(tmp_path / f'{name}.pth')
    library = 'mmseg_version' if 'upernet' in name else 'mmdet_version'
    torch.save(_mmcv1_container(saver.state_dict(), library, '0.x'), path)
    _assert_same_weights(
        get_model(name, pretrained=path, deploy=False), saver)


def test_van_classification_release(tmp_path):
    saver = _saver('van-b0_8xb128_in1k')
    weights = _van_release(saver.state_dict())
    assert _shapes(weights) == _official_keys('van_b0_official_keys')
    path = str(tmp_path / 'van_tiny_754.pth.tar')
    torch.save({'state_dict': weights, 'epoch': 310,
                'args': argparse.Namespace(model='van_b0')}, path)
    _assert_same_logits(
        get_model('van-b0_8xb128_in1k', pretrained=path, deploy=False),
        saver)


def test_van_mmpretrain_file(tmp_path):
    """mmpretrain's converted VAN files: our layout, its meta."""
    saver = _saver('van-b0_8xb128_in1k')
    path = str(tmp_path / 'van-tiny_8xb128_in1k_20220501-385941af.pth')
    torch.save({'state_dict': saver.state_dict(),
                'meta': {'mmcls_version': '0.23.0', 'epoch': 300}}, path)
    _assert_same_logits(
        get_model('van-b0_8xb128_in1k', pretrained=path, deploy=False),
        saver)


def test_van_segmentation_release_mmseg0(tmp_path):
    saver = _saver('upernet_van-b0_4xb4-160k_ade20k-512x512')
    weights = OrderedDict(
        ('backbone.' + _van_key(k[9:]) if k.startswith('backbone.') else k,
         v) for k, v in saver.state_dict().items())
    official = _official_keys('van_b0_segmentation_official_keys')
    assert {k: v for k, v in _shapes(weights).items()
            if k.startswith('backbone.')} == {
                k: v for k, v in official.items()
                if k.startswith('backbone.')}
    path = str(tmp_path / 'upernet_van_tiny.pth')
    torch.save(_mmcv1_container(weights, 'mmseg_version', '0.21.1'), path)
    _assert_same_weights(
        get_model('upernet_van-b0_4xb4-160k_ade20k-512x512', pretrained=path,
                  deploy=False), saver)


def test_metadata_is_read_as_plain_data(tmp_path):
    config = CfgNode({'TRAIN': CfgNode({'EPOCHS': 300})})
    path = str(tmp_path / 'meta.pth')
    torch.save({'args': argparse.Namespace(lr=0.1), 'config': config,
                'metric': np.float32(0.5), 'mean': np.arange(3)}, path)
    checkpoint = read_checkpoint(path)
    assert checkpoint['args'] == {'lr': 0.1}
    assert type(checkpoint['config']) is dict
    assert checkpoint['config'] == {'TRAIN': {'EPOCHS': 300}}
    assert checkpoint['metric'] == 0.5 and type(checkpoint['metric']) is float
    np.testing.assert_array_equal(checkpoint['mean'], np.arange(3))


def test_a_file_in_no_release_layout_passes_unchanged():
    checkpoint = {'state_dict': {'backbone.foo': torch.zeros(1)}, 'meta': {}}
    assert normalize_checkpoint(checkpoint) is checkpoint


def test_another_architecture_is_refused_naming_it(tmp_path):
    focalnet = _focalnet_release(
        _saver('focalnet-tiny-srf_8xb128_in1k').state_dict())
    path = str(tmp_path / 'focalnet_tiny_srf.pth')
    torch.save({'model': focalnet}, path)
    with pytest.raises(CheckpointMismatchError) as err:
        get_model('moganet-xtiny_8xb128_in1k', pretrained=path)
    message = str(err.value)
    assert path in message and 'FocalNet checkpoint' in message
    assert '"backbone.patch_embed1' in message  # the model's keys
    assert '"backbone.layers' in message  # the checkpoint's


def test_another_size_and_a_missing_prefix_are_refused(tmp_path):
    saver = _saver('moganet-tiny_8xb128_in1k')
    path = str(tmp_path / 'ours.pth')
    torch.save({'state_dict': saver.state_dict()}, path)
    with pytest.raises(CheckpointMismatchError, match='another size'):
        get_model('moganet-xtiny_8xb128_in1k', pretrained=path)
    # our classifier's file as a backbone init without prefix='backbone.'
    with pytest.raises(CheckpointMismatchError,
                       match="prefix='backbone.'"):
        build_model_from_config(
            model_info('retinanet_moganet-tiny_fpn_1x_coco').config,
            pretrained=True,
            cfg_options={
                'model.backbone.init_cfg':
                dict(type='Pretrained', checkpoint=path)
            })


def test_a_head_of_other_classes_is_reported_not_refused(tmp_path, caplog):
    saver = _saver('moganet-xtiny_8xb128_in1k')
    path = str(tmp_path / 'in1k.pth')
    torch.save({'state_dict': saver.state_dict()}, path)
    model = get_model(
        'moganet-xtiny_8xb128_in1k', pretrained=path, deploy=False,
        cfg_options={'model.head.num_classes': 10})
    _assert_same_weights(model.backbone, saver.backbone)
    assert model.head.fc.weight.shape[0] == 10
