# MMSeg's DeepLabV3+ recipe (SGD lr 0.01, momentum 0.9, weight decay 5e-4,
# poly 0.9 to 1e-4), 40k iterations; validation reports teacher/ and
# student/ metrics and the best teacher is kept.
_base_ = ['./iter_based_runtime.py']
optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='SGD', lr=0.01, momentum=0.9, weight_decay=5e-4),
    clip_grad=None)
param_scheduler = [
    dict(type='PolyLR', eta_min=1e-4, power=0.9, begin=0, by_epoch=False)
]
train_cfg = dict(max_iters=40000, val_interval=4000)
val_cfg = dict(type='TeacherStudentValLoop')
default_hooks = dict(
    checkpoint=dict(interval=4000, max_keep_ckpts=2,
                    save_best='teacher/mIoU'))
