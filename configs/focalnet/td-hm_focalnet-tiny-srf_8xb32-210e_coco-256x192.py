# Top-down heatmap pose estimation, FocalNet-T (SRF) backbone, COCO at
# 256x192: the MogaNet recipe (td-hm_moganet-tiny_8xb32-210e_coco-256x192.py)
# with the backbone swapped, from the released ImageNet-1K weights. Nothing
# published for this setting.
_base_ = ['../moganet/td-hm_moganet-tiny_8xb32-210e_coco-256x192.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='mogaseg.FocalNet',
        arch='tiny-srf',
        out_indices=(3, ),
        drop_path_rate=0.2,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/microsoft/FocalNet/releases/'
            'download/v1.0.0/focalnet_tiny_srf.pth')),
    head=dict(in_channels=768),
)
