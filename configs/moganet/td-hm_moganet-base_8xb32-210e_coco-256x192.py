# Top-down heatmap pose estimation, MogaNet-B backbone (stochastic depth
# 0.3), COCO at 256x192; recipe as
# td-hm_moganet-tiny_8xb32-210e_coco-256x192.py (the release's
# moganet_b_coco_256x192.py).
# Published: 47.4M params, 10.9G FLOPs, 75.3 AP.
_base_ = ['./td-hm_moganet-tiny_8xb32-210e_coco-256x192.py']

model = dict(
    backbone=dict(
        arch='base',
        drop_path_rate=0.3,
        init_cfg=dict(
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_base_sz224_8xbs128_ep300.pth.tar')),
    head=dict(in_channels=512),
)
