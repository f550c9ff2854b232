# Mean Teacher, Cityscapes 1-8, MMSeg's DeepLabV3+ R50-D8 with its
# auxiliary head, 4 GPUs x (1 labelled + 1 unlabelled), crop 512x1024, 80k
# iterations of MMSeg's schedule; the consistency of TorchSemiSeg's Mean
# Teacher baseline (softmax MSE x 100, EMA decay 0.99).
_base_ = [
    '../_base_/models/mean-teacher_deeplabv3plus_r50-d8.py',
    '../_base_/datasets/semi_cityscapes.py',
    'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_mean_teacher.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

model = dict(segmentor=dict(data_preprocessor=dict(size=_base_.crop_size)))
train_cfg = dict(max_iters=80000, val_interval=8000)
default_hooks = dict(checkpoint=dict(interval=8000))
