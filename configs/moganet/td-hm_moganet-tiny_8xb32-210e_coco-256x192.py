# Top-down heatmap pose estimation, MogaNet-T backbone (stochastic depth
# 0.15), COCO person keypoints at 256x192, 210 epochs, 8 GPUs x 32 images,
# from the released ImageNet-1K weights.
# Source: Westlake-AI/MogaNet pose_estimation README ("MogaNet + Top-Down")
# and its config moganet_t_coco_256x192.py (mmpose 0.x): Adam, lr 1e-3,
# 500 warm-up iterations, lr x0.1 at epochs 170 and 200, the heatmap head on
# the last stage, flip test, detected person boxes at test time.
# Published: 8.1M params, 2.2G FLOPs, 73.2 AP.
_base_ = [
    '../_base_/models/td-hm_moganet.py',
    '../_base_/datasets/coco_keypoints_256x192.py',
    '../_base_/schedules/pose_adam_step_210e.py',
    '../_base_/pose_runtime.py',
]

model = dict(
    backbone=dict(
        arch='tiny',
        drop_path_rate=0.15,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='https://github.com/Westlake-AI/MogaNet/releases/'
            'download/moganet-in1k-weights/moganet_tiny_sz224_8xbs128_ep300.pth.tar')),
    head=dict(in_channels=256),
)
