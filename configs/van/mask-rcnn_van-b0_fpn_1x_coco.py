# Mask R-CNN, VAN-B0 backbone, 1x schedule, COCO (16 images per step), with
# the project's detection recipe (AdamW, lr 2e-4, weight decay 0.05).
_base_ = [
    '../_base_/models/mask-rcnn_fpn.py',
    'mmdet::_base_/datasets/coco_instance.py',
    '../_base_/schedules/det_adamw_1x.py',
    '../_base_/det_runtime.py',
]

model = dict(
    backbone=dict(
        type='mogaseg.VAN',
        arch='b0',
        drop_path_rate=0.1,
        # mmpretrain's ImageNet classifier checkpoint of the same network
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'van/van-tiny_8xb128_in1k_20220501-385941af.pth',
            prefix='backbone.')),
    neck=dict(in_channels=[32, 64, 160, 256]),
)
