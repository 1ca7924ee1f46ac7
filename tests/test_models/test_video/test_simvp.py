"""SimVP: its modes, a training step for each translator block, and the
release's checkpoint files giving the release's outputs."""
import json
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.optim import OptimWrapper

from mogaseg.checkpoint import load_weights
from mogaseg.models import SimVP
from mogaseg.models.backbones.moganet import MogaBlock
from mogaseg.models.video.translator import translator_drop_path_rates

RELEASE = osp.join(osp.dirname(osp.dirname(osp.dirname(__file__))), 'data',
                   'simvp_release')
TRANSLATORS = {
    'moga': dict(type='mogaseg.MogaBlock', ffn_ratio=8.),
    'van': dict(type='mogaseg.VANBlock', ffn_ratio=8.),
}


def small_simvp(translator='moga', in_shape=(4, 1, 16, 16), **kwargs):
    kwargs = dict(
        dict(spatial_channels=8, translator_channels=16,
             num_spatial_layers=2, num_translator_blocks=3), **kwargs)
    return SimVP(in_shape, translator=TRANSLATORS[translator], **kwargs)


@pytest.mark.parametrize('translator', ['moga', 'van'])
def test_modes_and_a_training_step(translator):
    torch.manual_seed(0)
    model = small_simvp(translator)
    model.init_weights()
    inputs = torch.rand(2, 4, 1, 16, 16)
    targets = torch.rand(2, 4, 1, 16, 16)
    assert model(inputs).shape == targets.shape

    data = dict(inputs=inputs, targets=targets, sample_idx=[3, 5])
    optim = OptimWrapper(torch.optim.Adam(model.parameters(), lr=1e-3))
    model.train()
    first = model.train_step(data, optim)['loss_mse'].item()
    for _ in range(5):
        last = model.train_step(data, optim)['loss_mse'].item()
    assert last < first

    model.eval()
    samples = model.val_step(data)
    assert [s.sample_idx for s in samples] == [3, 5]
    for sample, target in zip(samples, targets):
        assert sample.pred_frames.shape == target.shape
        torch.testing.assert_close(sample.gt_frames, target)
    torch.testing.assert_close(
        torch.stack([s.pred_frames for s in samples]),
        model(inputs, mode='tensor'))


def test_the_translator_is_the_backbones_block():
    model = small_simvp('moga')
    blocks = [layer.block for layer in model.translator.layers]
    assert all(type(b) is MogaBlock for b in blocks)
    # first block at T * spatial_channels, then projected to the
    # translator's width, and back at the end
    assert [b.norm1.num_features for b in blocks] == [32, 16, 16]
    assert model.translator.layers[0].channel_proj.out_channels == 16
    assert model.translator.layers[-1].channel_proj.out_channels == 32


def test_drop_path_rates_follow_the_published_rule():
    assert translator_drop_path_rates(3, 0.) == pytest.approx(
        [0.01, 0.005, 0.])
    model = small_simvp('moga', drop_path_rate=0.2)
    rates = [getattr(layer.block.drop_path, 'drop_prob', 0.)
             for layer in model.translator.layers]
    assert rates == pytest.approx([0.01, 0.105, 0.2])


def test_more_or_fewer_frames_than_one_pass():
    model = small_simvp('moga').eval()
    inputs = torch.rand(1, 4, 1, 16, 16)
    with torch.no_grad():
        one_pass = model(inputs)
        six = model.predict_frames(inputs, 6)
        three = model.predict_frames(inputs, 3)
        second = model(one_pass)
    torch.testing.assert_close(three, one_pass[:, :3])
    torch.testing.assert_close(six, torch.cat([one_pass, second[:, :2]], 1))
    loss = model(inputs, torch.rand(1, 6, 1, 16, 16), mode='loss')
    assert loss['loss_mse'].ndim == 0


@pytest.mark.parametrize('shape, message', [
    ((1, 3, 1, 16, 16), r'takes \(B, 4, 1, H, W\) frames'),
    ((1, 4, 2, 16, 16), r'takes \(B, 4, 1, H, W\) frames'),
    ((4, 1, 16, 16), r'takes \(B, 4, 1, H, W\) frames'),
    ((1, 4, 1, 15, 16), 'not divisible by the encoder\'s stride 2'),
])
def test_wrong_inputs_are_named(shape, message):
    with pytest.raises(ValueError, match=message):
        small_simvp('moga')(torch.rand(*shape))


def _release_case(case):
    with open(osp.join(RELEASE, 'fixture.json')) as f:
        args = json.load(f)[case]
    model = SimVP(
        args['in_shape'],
        spatial_channels=args['hid_S'],
        translator_channels=args['hid_T'],
        num_spatial_layers=args['N_S'],
        num_translator_blocks=args['N_T'],
        translator=TRANSLATORS[args['model_type']])
    arrays = np.load(osp.join(RELEASE, f'{case}.npz'))
    return model, torch.from_numpy(arrays['inputs']), torch.from_numpy(
        arrays['outputs'])


@pytest.mark.parametrize('case, file', [
    ('moga', 'moga.pth'),
    ('moga', 'moga_lightning.ckpt'),
    ('van', 'van.pth'),
])
def test_release_file_gives_the_release_outputs(case, file):
    """The files hold the weights of the release's own SimVP (made by
    tests/helpers/make_simvp_fixture.py), in its key layout; the outputs
    are its outputs for the inputs beside them."""
    model, inputs, expected = _release_case(case)
    load_weights(model, osp.join(RELEASE, file), require_complete=True)
    with torch.no_grad():
        got = model.eval()(inputs)
    # float32, same operations in the same order: equal up to rounding
    torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize('deploy, tolerance', [(False, 1e-5), (True, 1e-4)])
def test_release_file_through_init_model_and_inference_model(
        deploy, tolerance):
    """The user's path: a config, the release's file, a sequence in and
    the predicted frames out (deploy folds the blocks' BatchNorms, which
    changes the rounding only)."""
    from mmengine.config import Config

    from mogaseg.apis import inference_model, init_model
    with open(osp.join(RELEASE, 'fixture.json')) as f:
        args = json.load(f)['moga']
    cfg = Config.fromfile('configs/moganet/simvp_moganet_1xb8_demo-mmnist.py')
    cfg.merge_from_dict({
        'model.in_shape': args['in_shape'],
        'model.spatial_channels': args['hid_S'],
        'model.translator_channels': args['hid_T'],
        'model.num_spatial_layers': args['N_S'],
        'model.num_translator_blocks': args['N_T'],
        'model.translator': TRANSLATORS['moga'],
    })
    model = init_model(cfg, osp.join(RELEASE, 'moga.pth'), deploy=deploy)
    _, inputs, expected = _release_case('moga')
    results = inference_model(model, list(inputs))
    got = torch.stack([r.pred_frames for r in results])
    torch.testing.assert_close(got, expected, rtol=tolerance,
                               atol=tolerance)
    # one sequence in, one result out; (T, H, W) for one channel too
    single = inference_model(model, inputs[0].numpy())
    torch.testing.assert_close(single.pred_frames, got[0])
