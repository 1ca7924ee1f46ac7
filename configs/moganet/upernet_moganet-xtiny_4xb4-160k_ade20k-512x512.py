# UPerNet, MogaNet-XTiny backbone, ADE20K, 512x512 crops, 160k iterations,
# 16 images per step. Published: 30.4M params, 855.7G FLOPs, 42.2 mIoU.
_base_ = [
    '../_base_/models/upernet_moganet.py',
    '../_base_/datasets/ade20k.py',
    '../_base_/schedules/seg_adamw_poly_160k.py',
    '../_base_/seg_runtime.py',
    '../_base_/models/moganet_dense.py',
]
__moganet = _base_.pop('moganet_dense')['xtiny']

crop_size = (512, 512)
data_preprocessor = dict(size=crop_size)

model = dict(
    data_preprocessor=data_preprocessor,
    backbone=dict(__moganet.backbone, drop_path_rate=0.05),
    decode_head=dict(in_channels=__moganet.widths),
    auxiliary_head=dict(in_channels=__moganet.widths[2]),
)
train_dataloader = dict(batch_size=4)
