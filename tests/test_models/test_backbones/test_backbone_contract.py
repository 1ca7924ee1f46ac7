"""The contract every backbone family keeps, run over every registered
family (``mogaseg.models.families.FAMILIES``) and over a toy fifth family
registered from this file alone, as ``docs/adding_a_backbone.md`` adds
one: ``out_indices``, ``frozen_stages``, ``norm_eval``, ``with_cp``, the
inference form, a paper initialisation under ``init_cfg``, and loads that
recognise the family and refuse another's weights."""
import copy
import inspect
import re

import pytest
import torch
import torch.nn as nn
from mmengine.runner import load_checkpoint
from torch.nn.modules.batchnorm import _BatchNorm

from mogaseg.checkpoint import CheckpointMismatchError, guess_family
from mogaseg.models import switch_to_deploy
from mogaseg.models.backbones.base import StagedBackbone
from mogaseg.models.families import (FAMILIES, BackboneFamily,
                                     attach_load_hooks, register_family)
from mogaseg.models.layers import CheckpointedBlock


# --- a toy fifth family, as a user would add one (no package file) ---
class ToyBlock(CheckpointedBlock):
    """A residual depth-wise conv, BatchNorm and ReLU."""

    def __init__(self, channels: int, with_cp: bool = False):
        super().__init__()
        self.with_cp = with_cp
        self.toy_conv = nn.Conv2d(channels, channels, 3, padding=1,
                                  groups=channels)
        self.norm = nn.BatchNorm2d(channels)
        self.act = nn.ReLU()

    def _forward(self, x):
        return x + self.act(self.norm(self.toy_conv(x)))


class ToyConvNet(StagedBackbone):
    """Two stages of a strided conv and :class:`ToyBlock` s."""
    arch_zoo = {'tiny': dict(channels=[8, 16], depths=[1, 2])}
    arch_keys = arch_stage_keys = ('channels', 'depths')

    def __init__(self, arch='tiny', out_indices=(1, ), frozen_stages=-1,
                 norm_eval=False, with_cp=False, init_cfg=None):
        super().__init__(init_cfg=init_cfg)
        arch = self._parse_arch(arch)
        self.num_stages = len(arch['depths'])
        self._set_stage_options(self.num_stages, out_indices, frozen_stages,
                                norm_eval)
        self.stages = nn.ModuleList()
        in_channels = 3
        for channels, depth in zip(arch['channels'], arch['depths']):
            self.stages.append(
                nn.Sequential(
                    nn.Conv2d(in_channels, channels, 3, 2, 1),
                    *[ToyBlock(channels, with_cp) for _ in range(depth)]))
            in_channels = channels
        attach_load_hooks(self)
        self._freeze_stages()

    def forward(self, x):
        outs = []
        for i, stage in enumerate(self.stages):
            x = stage(x)
            if i in self.out_indices:
                outs.append(x)
        return tuple(outs)

    def _stage_modules(self, i):
        return [self.stages[i]]

    def _param_position(self, name):
        match = re.match(r'^stages\.(\d+)\.', name)
        return (int(match.group(1)), None) if match else None

    def _init_module(self, module):
        if isinstance(module, nn.Conv2d):
            nn.init.kaiming_normal_(module.weight, mode='fan_out')


TOY = BackboneFamily(
    backbone=ToyConvNet,
    key_marker=r'^stages\.\d+\.\d+\.toy_conv\.',
    name_prefixes=('toy-', ),
    test_kwargs=dict(arch='tiny'))


@pytest.fixture(scope='module', autouse=True)
def toy_family():
    """The toy family is registered while this file's tests run."""
    register_family(TOY)
    yield TOY
    del FAMILIES[TOY.name]


# --- the contract ---
ALL = [*FAMILIES.values(), TOY]
IDS = [family.name for family in ALL]


def _build(family: BackboneFamily, **kwargs) -> nn.Module:
    torch.manual_seed(0)
    return family.backbone(**{**family.test_kwargs, **kwargs})


def _num_stages(family: BackboneFamily) -> int:
    return _build(family).num_stages


@pytest.mark.parametrize('family', ALL, ids=IDS)
def test_out_indices_select_stages(family):
    num_stages = _num_stages(family)
    model = _build(family, out_indices=tuple(range(num_stages))).eval()
    x = torch.rand(2, 3, 64, 64)
    with torch.no_grad():
        outs = model(x)
        last = _build(family, out_indices=(num_stages - 1, )).eval()
        last.load_state_dict(model.state_dict(), strict=False)
        (only, ) = last(x)
    assert len(outs) == num_stages
    sizes = [out.shape[-1] for out in outs]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] < 64
    torch.testing.assert_close(only, outs[-1])
    with pytest.raises(ValueError, match='out_indices'):
        _build(family, out_indices=(num_stages, ))


@pytest.mark.parametrize('family', ALL, ids=IDS)
def test_frozen_stages_get_no_gradients(family):
    model = _build(family, frozen_stages=0).train()
    frozen = {n for n, p in model.named_parameters() if not p.requires_grad}
    assert frozen and len(frozen) < len(list(model.parameters()))
    outs = model(torch.rand(2, 3, 64, 64))
    sum(out.sum() for out in outs).backward()
    for name, param in model.named_parameters():
        assert (param.grad is None) == (name in frozen), name
    # frozen norms keep their statistics in train mode
    frozen_norms = [
        m for n, m in model.named_modules()
        if isinstance(m, _BatchNorm) and f'{n}.weight' in frozen
    ]
    assert all(not m.training for m in frozen_norms)


@pytest.mark.parametrize('family', ALL, ids=IDS)
def test_norm_eval_keeps_norms_in_eval_mode(family):
    model = _build(family, norm_eval=True).train()
    types = getattr(model, 'norm_eval_types', (_BatchNorm, ))
    norms = [m for m in model.modules() if isinstance(m, types)]
    assert norms and all(not m.training for m in norms)
    assert model.training


WITH_CP = [f for f in ALL
           if 'with_cp' in inspect.signature(f.backbone).parameters]


@pytest.mark.parametrize('family', WITH_CP, ids=[f.name for f in WITH_CP])
def test_with_cp_gives_the_same_outputs_and_gradients(
        family, assert_same_outputs_and_grads):
    plain = _build(family, norm_eval=True)
    checkpointed = _build(family, norm_eval=True, with_cp=True)
    checkpointed.load_state_dict(plain.state_dict())
    assert_same_outputs_and_grads(plain.train(), checkpointed.train(),
                                  torch.rand(2, 3, 64, 64))


def test_every_family_but_van_takes_with_cp():
    # mmpretrain's VAN has no with_cp; every backbone of ours has
    assert {f.name for f in ALL} - {f.name for f in WITH_CP} == {'VAN'}


@pytest.mark.parametrize('family', ALL, ids=IDS)
def test_inference_form_matches_the_plain_model(family,
                                                randomize_folded_params,
                                                assert_deploy_matches_plain):
    model = randomize_folded_params(_build(family))
    assert_deploy_matches_plain(model, torch.rand(2, 3, 64, 64))
    deployed = copy.deepcopy(model).eval()
    switch_to_deploy(deployed)
    assert switch_to_deploy(deployed) == 0  # a second switch: nothing


@pytest.mark.parametrize('family', ALL, ids=IDS)
def test_loads_recognise_the_family(family, tmp_path,
                                    assert_pretrained_init_cfg_loads):
    model = _build(family)
    state = model.state_dict()
    assert guess_family(state) == family.name
    assert guess_family({f'backbone.{k}': v for k, v in state.items()}) \
        == family.name
    assert_pretrained_init_cfg_loads(
        lambda **kwargs: _build(family, **kwargs))


@pytest.mark.parametrize('family', ALL, ids=IDS)
def test_another_familys_weights_are_refused(family, tmp_path):
    other = next(f for f in ALL if f is not family)
    path = str(tmp_path / 'other.pth')
    torch.save({'state_dict': _build(other).state_dict()}, path)
    with pytest.raises(CheckpointMismatchError,
                       match=f'{other.name} checkpoint'):
        load_checkpoint(_build(family), path)
