"""deeplab2's MOAT TensorFlow checkpoints load without TensorFlow and give
deeplab2's outputs.

``tests/data/moat_tf/`` holds checkpoints of tiny deeplab2 MOATs (every
block type, with and without position embedding, global and windowed
attention, even and odd map sizes), an input, and deeplab2's outputs for
it, written by ``tests/helpers/make_moat_fixture.py`` from deeplab2's own
model code. It also holds small checkpoints of known values for the
reader of the format.
"""
import json
import os.path as osp
import subprocess
import sys
import tarfile

import numpy as np
import pytest
import torch
from mmengine.config import Config

from mogaseg.apis import get_model
from mogaseg.models.backbones.moat_release import (MOATConversionError,
                                                  convert_moat_tf)
from mogaseg.checkpoint.tf_bundle import TFCheckpoint, TFCheckpointError
from mogaseg.models import MOAT

FIXTURE = osp.join(osp.dirname(osp.dirname(__file__)), 'data', 'moat_tf')
with open(osp.join(FIXTURE, 'fixture.json')) as f:
    CASES = json.load(f)['cases']
# deeplab2's outputs, compared on the logits as the release's are
ATOL = 1e-4


def _backbone_cfg(deeplab2: dict, classifier: bool) -> dict:
    """Our MOAT arguments for a deeplab2 MOAT config."""
    windows = deeplab2['window_size'] or [None] * 4
    return dict(
        type='mogaseg.MOAT',
        arch=dict(
            stem_channels=deeplab2['stem_size'],
            embed_dims=deeplab2['hidden_size'],
            depths=deeplab2['num_blocks']),
        out_indices=(0, 1, 2, 3),
        head_dims=deeplab2['head_size'],
        window_size=[None if w is None else tuple(w) for w in windows],
        use_rel_pos=deeplab2['relative_position_embedding_type'] is not None,
        rel_pos_size=deeplab2['position_embedding_size'],
        pool_size=deeplab2['pool_size'],
        global_attn_at_stage_end=deeplab2.get(
            'global_attention_at_end_of_moat_stage', False),
        gap_before_final_norm=classifier)


def _reference(case: str):
    ref = dict(np.load(osp.join(FIXTURE, f'{case}.npz')))
    return torch.from_numpy(ref.pop('input')).permute(0, 3, 1, 2), ref


def _release_archive(tmp_path, case: str) -> str:
    """The fixture checkpoint packed as the release packs its files."""
    archive = str(tmp_path / f'{case}.tar.gz')
    with tarfile.open(archive, 'w:gz') as tar:
        for suffix in ('.index', '.data-00000-of-00001'):
            tar.add(osp.join(FIXTURE, case + suffix),
                    arcname=f'{case}/model-ckpt-0{suffix}')
    return archive


def _classifier_cfg():
    return Config(
        dict(
            default_scope='mmpretrain',
            model=dict(
                type='ImageClassifier',
                backbone=_backbone_cfg(
                    CASES['cls_pe_global']['deeplab2_config'], True),
                head=dict(type='LinearClsHead', num_classes=10,
                          in_channels=32))))


@pytest.mark.parametrize('ema', [False, True])
def test_classifier_gives_deeplab2_logits(tmp_path, ema):
    archive = _release_archive(tmp_path, 'cls_pe_global')
    cfg = _classifier_cfg()
    if ema:  # the offline converter's option
        converted = str(tmp_path / 'ema.pth')
        subprocess.run([
            sys.executable, 'tools/model_converters/moat2mogaseg.py',
            archive, converted, '--ema'
        ], check=True, capture_output=True)
        model = get_model(cfg, pretrained=converted, deploy=False)
    else:  # loaded as released
        model = get_model(cfg, pretrained=archive, deploy=False)
    x, ref = _reference('cls_pe_global')
    with torch.no_grad():
        logits = model(x, mode='tensor')
    np.testing.assert_allclose(
        logits.numpy(), ref['logits_ema' if ema else 'logits'], rtol=0,
        atol=ATOL)
    # folded for inference: the same logits
    folded = get_model(cfg, pretrained=archive)
    if not ema:
        with torch.no_grad():
            np.testing.assert_allclose(
                folded(x, mode='tensor').numpy(), ref['logits'], rtol=0,
                atol=ATOL)


def test_classifier_at_its_own_resolution():
    """Global attention with position tables the size of the maps, as the
    released classifiers at their released resolution."""
    info = CASES['cls_pe_native']
    model = get_model(
        Config(
            dict(
                default_scope='mmpretrain',
                model=dict(
                    type='ImageClassifier',
                    backbone=_backbone_cfg(info['deeplab2_config'], True),
                    head=dict(type='LinearClsHead', num_classes=10,
                              in_channels=32)))),
        pretrained=osp.join(FIXTURE, 'cls_pe_native'),
        deploy=False)
    x, ref = _reference('cls_pe_native')
    with torch.no_grad():
        np.testing.assert_allclose(
            model(x, mode='tensor').numpy(), ref['logits'], rtol=0,
            atol=ATOL)


def test_release_archive_over_http(tmp_path, file_server):
    archive = _release_archive(file_server.root, 'cls_pe_global')
    old_hub = torch.hub.get_dir()
    torch.hub.set_dir(str(tmp_path / 'hub'))
    try:
        model = get_model(
            _classifier_cfg(),
            pretrained=f'{file_server.url}/{osp.basename(archive)}',
            deploy=False)
    finally:
        torch.hub.set_dir(old_hub)
    x, ref = _reference('cls_pe_global')
    with torch.no_grad():
        np.testing.assert_allclose(
            model(x, mode='tensor').numpy(), ref['logits'], rtol=0,
            atol=ATOL)


@pytest.mark.parametrize('case', ['dense_nope_window', 'dense_pe_window'])
def test_windowed_backbone_gives_deeplab2_stages(case):
    """Windows that do not divide the maps (2x3 windows on 4x6, 1x3 on
    2x3 ...), tables resized from 3x3, TensorFlow 'SAME' padding on even
    and odd sizes; loaded through init_cfg from the checkpoint prefix."""
    cfg = _backbone_cfg(CASES[case]['deeplab2_config'], False)
    cfg.pop('type')
    model = MOAT(
        **cfg,
        init_cfg=dict(
            type='Pretrained',
            checkpoint=osp.join(FIXTURE, case),
            prefix='backbone.'))
    model.init_weights()
    x, ref = _reference(case)
    with torch.no_grad():
        outs = model.eval()(x)
    for i, out in enumerate(outs):
        np.testing.assert_allclose(
            out.permute(0, 2, 3, 1).numpy(), ref[f'stage{i + 2}'], rtol=0,
            atol=ATOL, err_msg=f'stage {i}')


def test_symmetric_padding_would_not_match():
    """The reason for tf_same_padding: without it the outputs differ."""
    info = CASES['dense_pe_window']
    cfg = _backbone_cfg(info['deeplab2_config'], False)
    cfg.pop('type')
    checkpoint = convert_moat_tf(
        TFCheckpoint(osp.join(FIXTURE, 'dense_pe_window')).numeric())
    backbone = {k[9:]: v for k, v in checkpoint.items()}
    x, ref = _reference('dense_pe_window')
    model = MOAT(**cfg, tf_same_padding=False).eval()
    model.load_state_dict(backbone, strict=False)
    with torch.no_grad():
        out = model(x)[0].permute(0, 2, 3, 1).numpy()
    assert np.abs(out - ref['stage2']).max() > 100 * ATOL


def test_training_weights_without_statistics_are_refused():
    tensors = TFCheckpoint(osp.join(FIXTURE, 'dense_pe_window')).numeric()
    tensors = {k: v for k, v in tensors.items() if 'moving_' not in k}
    with pytest.raises(MOATConversionError, match='running statistics'):
        convert_moat_tf(tensors)
    with pytest.raises(MOATConversionError, match='no MOAT variables'):
        convert_moat_tf({'conv1/kernel_x': np.zeros(1)})


def _plain_expected():
    with open(osp.join(FIXTURE, 'plain.json')) as f:
        return json.load(f)


@pytest.mark.parametrize('name', ['plain', 'plain_sharded'])
def test_reader_gives_the_values_tensorflow_wrote(name):
    info = _plain_expected()
    checkpoint = TFCheckpoint(osp.join(FIXTURE, name))
    for key, entry in info['expected'].items():
        value = checkpoint[key]
        assert value.dtype == np.dtype(entry['dtype']), key
        assert list(value.shape) == entry['shape'], key
        np.testing.assert_array_equal(
            value, np.array(entry['values']).reshape(entry['shape']))
    # the object graph is a string tensor: listed, not decoded
    assert set(checkpoint.numeric()) == set(info['expected'])


def test_reader_by_name_and_sliced():
    info = _plain_expected()
    checkpoint = TFCheckpoint(osp.join(FIXTURE, 'plain_names') + '.index')
    for key, entry in info['by_name'].items():
        np.testing.assert_array_equal(
            checkpoint[key],
            np.array(entry['values']).reshape(entry['shape']))
    sliced = TFCheckpoint(osp.join(FIXTURE, 'plain_sliced'))
    names = [k for k in info['expected'] if 'tensor_f32' in k]
    with pytest.raises(TFCheckpointError, match='slices'):
        sliced[names[0]]
    with pytest.raises(TFCheckpointError, match='no TensorFlow checkpoint'):
        TFCheckpoint(osp.join(FIXTURE, 'missing'))


def test_archive_members_outside_their_folder_are_refused(tmp_path):
    archive = str(tmp_path / 'evil.tar.gz')
    outside = tmp_path / 'outside.txt'
    (tmp_path / 'payload').write_text('x')
    with tarfile.open(archive, 'w:gz') as tar:
        tar.add(str(tmp_path / 'payload'), arcname='../outside.txt')
    from mogaseg.checkpoint.tf_checkpoint import read_tf_checkpoint
    with pytest.raises(tarfile.TarError):
        read_tf_checkpoint(archive)
    assert not outside.exists()
