"""Our backbones inside mmpose's top-down heatmap estimator, built from the
shipped pose configs and driven through mmpose's own API."""
import json
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config

from mogaseg.analysis import count_complexity
from mogaseg.apis import build_model_from_config

from helpers.one_block_per_stage import load_with_one_block_per_stage

MOGANET = 'configs/moganet/td-hm_moganet-{}_8xb32-210e_coco-{}.py'
# Westlake-AI/MogaNet pose_estimation README, "MogaNet + Top-Down": params
# (M), FLOPs (G) at 256x192 and at 384x288 (their get_flops: MACs).
PUBLISHED = {
    'xtiny': (5.6, 1.8, 4.2),
    'tiny': (8.1, 2.2, 4.9),
    'small': (29.0, 6.0, 13.5),
    'base': (47.4, 10.9, 24.4),
}
FAMILIES = {
    'moganet': MOGANET.format('xtiny', '256x192'),
    'van': 'configs/van/td-hm_van-b2_8xb32-210e_coco-256x192.py',
    'focalnet': 'configs/focalnet/'
    'td-hm_focalnet-tiny-srf_8xb32-210e_coco-256x192.py',
    'moat': 'configs/moat/td-hm_tiny-moat-0_8xb32-210e_coco-256x192.py',
}
DATA = osp.join(osp.dirname(osp.dirname(__file__)), 'data')


@pytest.mark.parametrize('size', sorted(PUBLISHED))
def test_params_and_flops_match_published(size):
    params, flops_256, flops_384 = PUBLISHED[size]
    for resolution, flops in (('256x192', flops_256), ('384x288', flops_384)):
        model = build_model_from_config(MOGANET.format(size, resolution))
        model.eval()
        height, width = map(int, resolution.split('x'))
        assert model.head.decoder.input_size == (width, height)
        ours = sum(p.numel() for p in model.parameters()) / 1e6
        assert ours == pytest.approx(params, rel=0.03)
        counted = count_complexity(model, (height, width)).flops / 1e9
        assert counted == pytest.approx(flops, rel=0.03), resolution


@pytest.mark.parametrize('family', sorted(FAMILIES))
def test_train_step_and_predict(family):
    """One optimiser step and one predict step through the Runner's calls,
    on mmpose's packed inputs, each family's shipped config (backbone cut
    to one block per stage)."""
    from mmengine.optim import OptimWrapper
    from mmpose.testing import get_packed_inputs
    torch.manual_seed(0)
    model = build_model_from_config(load_with_one_block_per_stage(FAMILIES[family]))
    batch = get_packed_inputs(
        2, img_shape=(256, 192), input_size=(192, 256),
        heatmap_size=(48, 64), with_reg_label=False, with_simcc_label=False)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    model.train()
    log_vars = model.train_step(batch, OptimWrapper(optimizer))
    assert set(log_vars) >= {'loss', 'loss_kpt', 'acc_pose'}
    assert torch.isfinite(log_vars['loss']) and log_vars['loss'] > 0

    model.eval()
    with torch.no_grad():
        results = model.val_step(batch)
    assert len(results) == 2
    for result in results:
        keypoints = result.pred_instances.keypoints
        assert keypoints.shape == (1, 17, 2)
        assert result.pred_instances.keypoint_scores.shape == (1, 17)


def test_mmpose_inference_topdown_on_our_config(tmp_path):
    """mmpose's own entry points: init_model on our config file, then
    inference_topdown with person boxes and without (the whole image)."""
    from mmpose.apis import inference_topdown, init_model
    path = str(tmp_path / 'pose.py')
    load_with_one_block_per_stage(FAMILIES['moganet']).dump(path)
    model = init_model(path, device='cpu')
    image = np.random.default_rng(0).integers(0, 256, (240, 180, 3),
                                              dtype=np.uint8)
    boxes = np.array([[10, 20, 110, 200], [60, 30, 170, 230]], np.float32)
    results = inference_topdown(model, image, boxes)
    assert len(results) == 2
    for result, box in zip(results, boxes):
        keypoints = result.pred_instances.keypoints[0]
        assert keypoints.shape == (17, 2)
        # decoded into image coordinates: inside the person's crop (the box
        # padded 1.25x, widened to 192:256), give or take a heatmap pixel
        center = (box[:2] + box[2:]) / 2
        width, height = (box[2:] - box[:2]) * 1.25
        width, height = max(width, height * 0.75), max(height, width / 0.75)
        half = np.array([width, height]) / 2 * (1 + 2 / 48)
        assert (np.abs(keypoints - center) <= half).all()
    whole = inference_topdown(model, image)
    assert len(whole) == 1


def test_release_checkpoint_loads_into_the_config(tmp_path):
    """A MogaNet pose checkpoint in the release's mmpose 0.x layout (its
    backbone keys, 'keypoint_head.*' with the deconvolutions and the final
    conv) loads into our config through mmpose's own init_model and through
    our get_model, every tensor in its place."""
    from mmpose.apis import init_model
    with open(osp.join(DATA, 'moganet_xtiny_detection_official_keys.json')) as f:
        backbone_keys = json.load(f)['keys']
    ours = build_model_from_config(FAMILIES['moganet']).state_dict()
    gen = torch.Generator().manual_seed(0)
    release = {}
    for key, shape in backbone_keys.items():
        release[key] = torch.randn(shape, generator=gen) \
            if not key.endswith('num_batches_tracked') else torch.tensor(7)
    for key, value in ours.items():
        if key.startswith('head.'):
            release['keypoint_head.' + key[5:]] = torch.randn(
                value.shape, generator=gen) if value.is_floating_point() \
                else value
    path = str(tmp_path / 'moganet_xt_coco_256x192.pth')
    torch.save({'meta': {'epoch': 210}, 'state_dict': release}, path)

    from mogaseg.apis import get_model
    for model in (init_model(FAMILIES['moganet'], path, device='cpu'),
                  get_model(FAMILIES['moganet'], pretrained=path,
                            deploy=False)):
        loaded = model.state_dict()
        assert set(loaded) == set(ours)
        for key, value in release.items():
            new_key = key.replace('keypoint_head.', 'head.', 1)
            torch.testing.assert_close(loaded[new_key], value, msg=new_key)


def test_keypoint_count_mismatch_is_a_clear_error():
    from mogaseg.datasets import CheckKeypoints
    check = CheckKeypoints(num_keypoints=17)
    sample = dict(img_path='people/0001.jpg',
                  keypoints=np.zeros((1, 14, 2)),
                  flip_indices=list(range(17)))
    with pytest.raises(ValueError, match='0001.jpg: a person has 14 '
                       'keypoints.*predicts 17'):
        check(sample)
    sample = dict(img_path='people/0002.jpg',
                  keypoints=np.zeros((2, 17, 2)),
                  flip_indices=list(range(14)))
    with pytest.raises(ValueError, match="0002.jpg: the dataset's metainfo "
                       'names 14 keypoints'):
        check(sample)
    # a user's image (no annotation) and a matching one pass
    assert check(dict(img_path='x.jpg')) is not None
    assert check(dict(keypoints=np.zeros((1, 17, 2)),
                      flip_indices=list(range(17)))) is not None


def test_missing_bbox_file_is_a_clear_error(tmp_path):
    from mmpose.registry import DATASETS
    cfg = Config.fromfile(FAMILIES['moganet'])
    annotations = tmp_path / 'person_keypoints_val2017.json'
    annotations.write_text(json.dumps(dict(
        images=[], annotations=[],
        categories=[dict(id=1, name='person')])))
    dataset = cfg.val_dataloader.dataset
    dataset.update(data_root=str(tmp_path), ann_file=annotations.name,
                   bbox_file=str(tmp_path / 'detections.json'),
                   lazy_init=False)
    with pytest.raises(AssertionError, match='detections.json.*does not '
                       'exist'):
        DATASETS.build(dataset)


def test_mogaseg_apis_cover_pose(tmp_path):
    """list_models / init_model / inference_model / show_result on a pose
    config, with person boxes, as for the other tasks."""
    from mogaseg.apis import (inference_model, init_model, list_models,
                              show_result)
    names = list_models(task='mmpose')
    assert 'td-hm_moganet-tiny_8xb32-210e_coco-256x192' in names
    assert all('td-hm_' in name for name in names)
    model = init_model(load_with_one_block_per_stage(FAMILIES['moganet']), device='cpu')
    assert len(model.dataset_meta['flip_indices']) == 17  # parsed metainfo
    image = np.random.default_rng(1).integers(0, 256, (160, 200, 3),
                                              dtype=np.uint8)
    boxes = np.array([[5, 5, 90, 150], [100, 10, 190, 155]], np.float32)
    result = inference_model(model, image, bboxes=boxes)
    assert result.pred_instances.keypoints.shape == (2, 17, 2)
    assert result.pred_instances.keypoint_scores.shape == (2, 17)
    whole = inference_model(model, [image, image])
    assert [r.pred_instances.keypoints.shape
            for r in whole] == [(1, 17, 2)] * 2
    out_file = tmp_path / 'pose.png'
    drawn = show_result(model, image, result, str(out_file), score_thr=0.)
    assert out_file.is_file() and drawn.shape[:2] == image.shape[:2]
    # people's boxes mean nothing to the other tasks
    classifier = init_model(
        'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py')
    with pytest.raises(ValueError, match="bboxes are the people of a pose "
                       "model; this model's task is 'mmpretrain'"):
        inference_model(classifier, image, bboxes=boxes)

