# Mask R-CNN, MogaNet-Tiny backbone, multi-scale training with crops,
# 3x schedule, COCO (16 images per step).
_base_ = [
    '../_base_/models/mask-rcnn_moganet_fpn.py',
    '../_base_/datasets/coco_instance_ms-crop.py',
    '../_base_/schedules/det_adamw_3x.py',
    '../_base_/det_runtime.py',
]

model = dict(
    backbone=dict(
        arch='tiny',
        drop_path_rate=0.1,
        # the published ImageNet weights load as they are (same key names)
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_tiny_sz224_8xbs128_ep300.pth.tar')),
    neck=dict(in_channels=[32, 64, 128, 256]),
)
