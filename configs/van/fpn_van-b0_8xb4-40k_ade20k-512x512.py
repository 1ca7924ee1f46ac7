# Semantic FPN, VAN-B0 backbone, ADE20K, 512x512 crops, 40k iterations, 32
# images per step (VAN-Segmentation's sem_fpn/fpn_van_b0_ade20k_40k.py: 8
# GPUs x 4). Published (VAN-Segmentation README): 38.5 mIoU; the table
# gives no params or FLOPs and does not say single- or multi-scale (the
# release tests single-scale unless --aug-test). Its test also resizes
# each image to a multiple of 32 (ResizeToMultiple); ours does not.
_base_ = [
    '../_base_/models/fpn_van.py',
    '../_base_/datasets/ade20k.py',
    '../_base_/schedules/seg_adamw_poly_40k.py',
    '../_base_/seg_runtime.py',
]

crop_size = (512, 512)
data_preprocessor = dict(size=crop_size)

model = dict(
    data_preprocessor=data_preprocessor,
    backbone=dict(
        arch='b0',
        drop_path_rate=0.2,  # inherited from the release's B2 config
        # mmpretrain's ImageNet classifier checkpoint of the same network
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'van/van-tiny_8xb128_in1k_20220501-385941af.pth',
            prefix='backbone.')),
    neck=dict(in_channels=[32, 64, 160, 256]),
)
train_dataloader = dict(batch_size=4)
default_hooks = dict(checkpoint=dict(interval=4000))
