# Top-down heatmap pose estimation, VAN-B2 backbone, COCO at 256x192: the
# MogaNet recipe (td-hm_moganet-tiny_8xb32-210e_coco-256x192.py) with the
# backbone swapped, from mmpretrain's VAN-B2 ImageNet checkpoint. No
# published result is quoted: the VAN paper's pose table was not readable
# here.
_base_ = ['../moganet/td-hm_moganet-tiny_8xb32-210e_coco-256x192.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='mogaseg.VAN',
        arch='b2',
        out_indices=(3, ),
        drop_path_rate=0.2,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://download.openmmlab.com/mmclassification/v0/'
            'van/van-base_8xb128_in1k_20220501-6a4cc31b.pth',
            prefix='backbone.')),
    head=dict(in_channels=512),
)
