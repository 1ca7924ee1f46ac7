# UPerNet, VAN-B0 backbone, ADE20K, 512x512 crops, 160k iterations, 16 images
# per step; the VAN recipe: AdamW lr 6e-5, weight decay 0.01 (none on
# norms), 1500 warm-up iterations, linear (poly 1.0) decay, SyncBN also in
# the backbone. Published: 41.1 mIoU (multi-scale).
_base_ = [
    '../_base_/models/upernet.py',
    '../_base_/datasets/ade20k.py',
    '../_base_/schedules/seg_adamw_poly_160k.py',
    '../_base_/seg_runtime.py',
]

crop_size = (512, 512)
data_preprocessor = dict(size=crop_size)

model = dict(
    data_preprocessor=data_preprocessor,
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
    decode_head=dict(in_channels=[32, 64, 160, 256]),
    auxiliary_head=dict(in_channels=160),
)
optim_wrapper = dict(
    optimizer=dict(lr=6e-5),
    # The release's keys: norms only (its Swin position-embedding keys match
    # nothing in VAN); unlike MogaNet's recipe, layer scales do decay.
    paramwise_cfg=dict(
        _delete_=True, custom_keys={'norm': dict(decay_mult=0.)}))
# The release's backbone BatchNorms are SyncBN too (as are the heads'):
# under DDP the runner converts every BatchNorm.
sync_bn = 'torch'
train_dataloader = dict(batch_size=4)
