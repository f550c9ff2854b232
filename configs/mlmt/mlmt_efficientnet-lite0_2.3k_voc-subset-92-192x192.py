# MLMT on the VOC subset, sized for 2 CPU cores: the 92 labelled images of
# the quality benchmark (4 per batch, so an epoch of the labelled loader is
# 23 iterations) and 8 unlabelled images per batch, 192x192, 100 epochs =
# 2300 iterations; consistency ramp from epoch 10 over 50 epochs. Its
# teacher's scores filter the classes of the s4GAN VOC-subset benchmark
# model (export them with tools/analysis_tools/export_class_scores.py).
_base_ = [
    '../_base_/models/mlmt_efficientnet-lite0.py',
    '../_base_/datasets/mlmt_voc_subset.py',
    'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_mlmt.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

iters_per_epoch = 23  # ceil(92 / 4)
model = dict(
    semi_train_cfg=dict(
        rampup_begin_iters=10 * iters_per_epoch,
        rampup_iters=50 * iters_per_epoch))
train_cfg = dict(max_iters=100 * iters_per_epoch,
                 val_interval=25 * iters_per_epoch)
default_hooks = dict(
    checkpoint=dict(interval=25 * iters_per_epoch, max_keep_ckpts=1),
    logger=dict(interval=23))
