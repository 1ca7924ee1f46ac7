# Top-down heatmap pose estimation, MogaNet-XT backbone (stochastic depth
# 0.1), COCO at 256x192; recipe as
# td-hm_moganet-tiny_8xb32-210e_coco-256x192.py (the release's
# moganet_xt_coco_256x192.py).
# Published: 5.6M params, 1.8G FLOPs, 72.1 AP.
_base_ = ['./td-hm_moganet-tiny_8xb32-210e_coco-256x192.py']

model = dict(
    backbone=dict(
        arch='xtiny',
        drop_path_rate=0.1,
        init_cfg=dict(
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_xtiny_sz224_8xbs128_ep300.pth.tar')),
    head=dict(in_channels=192),
)
