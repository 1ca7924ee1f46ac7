import pytest
from mmengine.config import Config

from mogaseg.engine import (ConfigError, check_dataset_paths,
                            check_num_classes, check_test_config,
                            check_train_config)

DET_DEMO = ('configs/moganet/'
            'mask-rcnn_moganet-xtiny_fpn_1xb4_demo-coco-128px.py')
CLS_DEMO = 'configs/moganet/moganet-xtiny_1xb16_demo-imagenet-64px.py'


def _det_cfg(root):
    cfg = Config.fromfile(DET_DEMO)
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        cfg[loader].dataset.data_root = root
    for evaluator in ('val_evaluator', 'test_evaluator'):
        cfg[evaluator].ann_file = \
            f'{root}/annotations/instances_val2017.json'
    return cfg


def test_generated_data_passes(tiny_coco, tiny_imagenet):
    check_train_config(_det_cfg(tiny_coco))
    check_test_config(_det_cfg(tiny_coco))
    cfg = Config.fromfile(CLS_DEMO)
    for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        cfg[loader].dataset.data_root = tiny_imagenet
        cfg[loader].dataset.classes = f'{tiny_imagenet}/meta/classes.txt'
    check_train_config(cfg)


def test_missing_annotation_file_is_named(tiny_coco):
    cfg = _det_cfg(tiny_coco)
    cfg.train_dataloader.dataset.ann_file = 'annotations/missing.json'
    with pytest.raises(ConfigError) as error:
        check_train_config(cfg)
    assert f'{tiny_coco}/annotations/missing.json' in str(error.value)
    assert 'annotation file not found' in str(error.value)

    cfg = _det_cfg(tiny_coco)
    cfg.test_evaluator.ann_file = '/nowhere/instances_val2017.json'
    with pytest.raises(ConfigError, match='/nowhere/instances_val2017.json'):
        check_test_config(cfg)


def test_missing_folders_are_named(tiny_coco, tmp_path):
    cfg = _det_cfg(tiny_coco)
    cfg.val_dataloader.dataset.data_prefix = dict(img='val2042/')
    with pytest.raises(ConfigError, match='val2042'):
        check_dataset_paths(cfg)
    cfg = _det_cfg(str(tmp_path / 'no_such_root'))
    with pytest.raises(ConfigError, match='no_such_root'):
        check_train_config(cfg)


def test_class_count_mismatch_is_explained(tiny_coco):
    cfg = _det_cfg(tiny_coco)
    cfg.model.roi_head.mask_head.num_classes = 80
    with pytest.raises(ConfigError) as error:
        check_num_classes(cfg)
    message = str(error.value)
    assert 'has 4 classes (circle, square, triangle, cross)' in message
    assert 'model.roi_head.mask_head.num_classes = 80' in message

    # dataset classes from the dataset type's defaults (COCO's 80)
    cfg = _det_cfg(tiny_coco)
    cfg.train_dataloader.dataset.pop('metainfo')
    with pytest.raises(ConfigError, match='has 80 classes'):
        check_num_classes(cfg)


def test_classification_class_file_is_counted(tiny_imagenet):
    cfg = Config.fromfile(CLS_DEMO)
    cfg.train_dataloader.dataset.classes = f'{tiny_imagenet}/meta/classes.txt'
    cfg.model.head.num_classes = 10
    with pytest.raises(ConfigError, match='model.head.num_classes = 10'):
        check_num_classes(cfg)


@pytest.mark.parametrize('config, option, setting', [
    (CLS_DEMO, {'model.head.in_channels': 100},
     'model.head.in_channels = 100'),
    (DET_DEMO, {'model.neck.in_channels': [32, 64, 128, 256]},
     'model.neck.in_channels = [32, 64, 128, 256]'),
])
def test_backbone_neck_channel_mismatch_is_explained(config, option,
                                                     setting):
    from mogaseg.apis import build_model_from_config
    from mogaseg.engine.checks import check_model_channels
    check_model_channels(build_model_from_config(config))  # as shipped
    model = build_model_from_config(config, cfg_options=option)
    with pytest.raises(ConfigError) as err:
        check_model_channels(model)
    message = str(err.value)
    assert setting in message and 'outputs [' in message
    assert 'MogaNet' in message
