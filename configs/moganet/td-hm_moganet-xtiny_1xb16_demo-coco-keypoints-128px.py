# Demo: top-down heatmap pose estimation with a MogaNet-XTiny backbone on
# the generated COCO-layout stick figures (tools/run_demo.py pose), a few
# minutes on 2 CPU cores. The backbone starts from the classification
# demo's checkpoint, loaded through init_cfg with the classifier's
# 'backbone.' prefix; the head's three deconvolutions have 64 channels.
_base_ = [
    '../_base_/models/td-hm_moganet.py',
    '../_base_/datasets/demo_coco_keypoints_128px.py',
    '../_base_/schedules/pose_adam_step_210e.py',
    '../_base_/pose_runtime.py',
]

model = dict(
    backbone=dict(
        arch='xtiny',
        drop_path_rate=0.0,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='work_dirs/demo_cls/epoch_8.pth',
            prefix='backbone.')),
    head=dict(
        in_channels=192,
        deconv_out_channels=(64, 64, 64),
        decoder={{_base_.codec}}),
)

max_epochs = 6
train_cfg = dict(max_epochs=max_epochs, val_interval=3)
param_scheduler = [
    dict(type='LinearLR', start_factor=0.01, by_epoch=False, begin=0, end=50),
    dict(
        type='CosineAnnealingLR',
        eta_min=1e-6,
        begin=0,
        end=max_epochs,
        by_epoch=True,
        convert_to_iter_based=True),
]
optim_wrapper = dict(optimizer=dict(lr=2e-3))
auto_scale_lr = dict(base_batch_size=16)
default_hooks = dict(logger=dict(interval=10))
randomness = dict(seed=0)
