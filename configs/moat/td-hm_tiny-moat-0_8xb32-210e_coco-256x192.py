# Top-down heatmap pose estimation, tiny-MOAT-0 backbone, COCO at 256x192:
# the MogaNet recipe (td-hm_moganet-tiny_8xb32-210e_coco-256x192.py) with
# the backbone swapped, from the released tiny-MOAT-0 ImageNet weights.
# Stages 3 and 4 keep the global attention of the ImageNet model: their
# 16x12 and 8x6 maps are small (the position tables are resized to them).
# Nothing published for this setting.
_base_ = ['../moganet/td-hm_moganet-tiny_8xb32-210e_coco-256x192.py']

model = dict(
    backbone=dict(
        _delete_=True,
        type='mogaseg.MOAT',
        arch='tiny-moat-0',
        out_indices=(3, ),
        drop_path_rate=0.,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://storage.googleapis.com/gresearch/tf-deeplab/'
            'checkpoint/'
            'tiny_moat0_imagenet_1k_256_w_position_embedding.tar.gz',
            prefix='backbone.')),
    head=dict(in_channels=256),
)
