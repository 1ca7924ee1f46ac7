# Task-neutral runtime settings; each task's runtime file inherits these and
# sets its default_scope and visualizer.
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=100),
    param_scheduler=dict(type='ParamSchedulerHook'),
    # Atomic saves: a kill while saving leaves the previous checkpoint and
    # last_checkpoint intact.
    checkpoint=dict(
        type='mogaseg.AtomicCheckpointHook', interval=1, max_keep_ckpts=3),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    # seed + epoch at every epoch: a resumed run replays the next epoch.
    epoch_seed=dict(type='mogaseg.EpochSeedHook'),
    # Stops at a NaN/inf loss before the broken weights are saved.
    finite_loss=dict(type='mogaseg.FiniteLossHook'),
    # A label outside the model's classes stops with the image's name.
    label_range=dict(type='mogaseg.LabelRangeHook'),
    # Keeps checkpoints loadable with torch.load(weights_only=True), which
    # --resume needs with torch >= 2.6.
    weights_only_checkpoint=dict(type='mogaseg.WeightsOnlyCheckpointHook'),
)

env_cfg = dict(
    cudnn_benchmark=False,
    mp_cfg=dict(mp_start_method='fork', opencv_num_threads=0),
    # tools/train.py switches to gloo where CUDA is absent.
    dist_cfg=dict(backend='nccl'),
)

vis_backends = [dict(type='LocalVisBackend')]
log_level = 'INFO'
load_from = None
resume = False
randomness = dict(seed=None, deterministic=False)
