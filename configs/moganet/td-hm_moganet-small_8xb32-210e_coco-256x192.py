# Top-down heatmap pose estimation, MogaNet-S backbone (stochastic depth
# 0.2), COCO at 256x192; recipe as
# td-hm_moganet-tiny_8xb32-210e_coco-256x192.py (the release's
# moganet_s_coco_256x192.py).
# Published: 29.0M params, 6.0G FLOPs, 74.9 AP.
_base_ = ['./td-hm_moganet-tiny_8xb32-210e_coco-256x192.py']

model = dict(
    backbone=dict(
        arch='small',
        drop_path_rate=0.2,
        init_cfg=dict(
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_small_sz224_8xbs128_ep300.pth.tar')),
    head=dict(in_channels=512),
)
