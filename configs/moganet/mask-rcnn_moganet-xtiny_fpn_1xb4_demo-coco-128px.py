# Demo: Mask R-CNN with a MogaNet-XTiny backbone on the generated COCO-layout
# shapes dataset (tools/run_demo.py det), a few minutes on 2 CPU cores. The
# backbone starts from the classification demo's checkpoint, loaded through
# init_cfg with the classifier's 'backbone.' prefix.
_base_ = [
    '../_base_/models/mask-rcnn_moganet_fpn.py',
    '../_base_/datasets/demo_coco_128px.py',
    '../_base_/schedules/det_adamw_1x.py',
    '../_base_/det_runtime.py',
]

model = dict(
    backbone=dict(
        arch='xtiny',
        drop_path_rate=0.0,
        init_cfg=dict(
            type='Pretrained',
            checkpoint='work_dirs/demo_cls/epoch_8.pth',
            prefix='backbone.')),
    # Slim heads (64-channel FPN, 256-d box fc) and fewer proposals and
    # sampled RoIs than for COCO: a handful of objects per image, and a CPU
    # to run on.
    neck=dict(in_channels=[32, 64, 96, 192], out_channels=64),
    rpn_head=dict(in_channels=64, feat_channels=64),
    roi_head=dict(
        bbox_roi_extractor=dict(out_channels=64),
        bbox_head=dict(in_channels=64, fc_out_channels=256, num_classes=4),
        mask_roi_extractor=dict(out_channels=64),
        mask_head=dict(
            in_channels=64, conv_out_channels=64, num_classes=4)),
    train_cfg=dict(
        rpn_proposal=dict(nms_pre=1000, max_per_img=300),
        rcnn=dict(sampler=dict(num=128))),
    test_cfg=dict(rpn=dict(nms_pre=500, max_per_img=100)),
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
optim_wrapper = dict(optimizer=dict(lr=2e-4))
auto_scale_lr = dict(base_batch_size=4)
default_hooks = dict(logger=dict(interval=10))
randomness = dict(seed=0)
