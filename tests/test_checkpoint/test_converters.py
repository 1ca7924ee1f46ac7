import json
import os.path as osp

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope

from mogaseg.models.backbones.moganet_release import convert_moganet_official

FIXTURE = osp.join(
    osp.dirname(osp.dirname(__file__)), 'data',
    'moganet_xtiny_official_keys.json')


def _official_state_dict():
    """Zero tensors with the names and shapes of the published
    MogaNet-XTiny checkpoint (tests/data fixture)."""
    with open(FIXTURE) as f:
        keys = json.load(f)['keys']
    return {k: torch.zeros(shape) for k, shape in keys.items()}


def _classifier(arch='xtiny', config='moganet-xtiny_8xb128_in1k.py'):
    from mmpretrain.registry import MODELS
    cfg = Config.fromfile(f'configs/moganet/{config}')
    with DefaultScope.overwrite_default_scope('mmpretrain'):
        return MODELS.build(cfg.model)


def test_every_official_key_maps_with_matching_shape():
    official = _official_state_dict()
    assert len(official) > 700
    converted = convert_moganet_official(official)
    ours = _classifier().state_dict()
    assert set(converted) == set(ours)
    for key, value in converted.items():
        assert tuple(value.shape) == tuple(ours[key].shape), key


def test_backbone_loads_official_keys_strictly():
    from mogaseg.models import MogaNet
    official = _official_state_dict()
    backbone_sd = {k: v for k, v in official.items()
                   if not k.startswith('head.')}
    MogaNet('xtiny').load_state_dict(backbone_sd, strict=True)


def test_converter_tool_roundtrip(tmp_path, repo_root):
    import subprocess
    import sys
    official = {k: torch.randn(v.shape) if v.dim() else v
                for k, v in _official_state_dict().items()}
    src = tmp_path / 'moganet_xtiny_sz224_8xbs128_ep300.pth.tar'
    torch.save(dict(state_dict=official, arch='moganet_xtiny'), src)
    dst = tmp_path / 'out' / 'moganet-xtiny.pth'
    subprocess.run([
        sys.executable,
        osp.join(repo_root, 'tools/model_converters/release2mogaseg.py'),
        str(src), str(dst)
    ], check=True, capture_output=True)
    converted = torch.load(dst, weights_only=True)['state_dict']
    model = _classifier()
    model.load_state_dict(converted, strict=True)
    torch.testing.assert_close(model.head.fc.weight, official['head.weight'])
    torch.testing.assert_close(
        model.backbone.blocks3[4].attn.value.DW_conv2.weight,
        official['blocks3.4.attn.value.DW_conv2.weight'])


def test_converter_rejects_foreign_state_dict():
    with pytest.raises(KeyError, match='MogaNet'):
        convert_moganet_official({'conv1.weight': torch.zeros(1)})
