# What every schedule of this package shares: an iteration-based loop, the
# hooks of MMSeg's schedules, checkpoints at validation that keep the best
# mIoU, and IterationSeedHook (random draws of each step seeded from the
# run's seed and the iteration, so a resumed run continues exactly). A
# PolyLR without `end` runs to train_cfg.max_iters (MMEngine's default), so
# a child changes the schedule length with one line:
#   train_cfg = dict(max_iters=...)
train_cfg = dict(type='IterBasedTrainLoop')
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(
    timer=dict(type='IterTimerHook'),
    logger=dict(type='LoggerHook', interval=50, log_metric_by_epoch=False),
    param_scheduler=dict(type='ParamSchedulerHook'),
    checkpoint=dict(
        type='CheckpointHook',
        by_epoch=False,
        save_best='mIoU',
        rule='greater'),
    sampler_seed=dict(type='DistSamplerSeedHook'),
    visualization=dict(type='SegVisualizationHook'),
    iteration_seed=dict(type='IterationSeedHook'))
