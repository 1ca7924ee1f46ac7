# Top-down heatmap pose estimation, MogaNet-S backbone (stochastic depth
# 0.2), COCO at 384x288 with 96x72 heatmaps; recipe as
# td-hm_moganet-tiny_8xb32-210e_coco-256x192.py (the release's
# moganet_s_coco_384x288.py).
# Published: 29.0M params, 13.5G FLOPs, 76.4 AP.
_base_ = [
    '../_base_/models/td-hm_moganet.py',
    '../_base_/datasets/coco_keypoints_384x288.py',
    '../_base_/schedules/pose_adam_step_210e.py',
    '../_base_/pose_runtime.py',
]

model = dict(
    backbone=dict(
        arch='small',
        drop_path_rate=0.2,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_small_sz224_8xbs128_ep300.pth.tar')),
    head=dict(in_channels=512, decoder={{_base_.codec}}),
)
