# Mean Teacher in the quality benchmark (VOC subset, 92 labelled + 1372
# unlabelled): the supervised-92 model, schedule and labelled batch, plus 8
# unlabelled images per batch. The Mean Teacher paper's consistency
# (squared error of softmax outputs, here x 100 as TorchSemiSeg's baseline)
# with its sigmoid ramp-up over the first quarter of training and EMA decay
# 0.99 (a 100-iteration horizon in 3000 iterations) after a 1/(k+1)
# warm-up; the student sees the strong view. The teacher is evaluated.
_base_ = [
    '../_base_/models/deeplabv3plus_efficientnet-lite0.py',
    '../_base_/datasets/semi_voc_subset.py',
    'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_benchmark_adamw_cpu.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

segmentor = _base_.model
segmentor.data_preprocessor.size = _base_.crop_size
model = dict(
    _delete_=True,
    type='MeanTeacherSegmentor',
    segmentor=segmentor,
    data_preprocessor=None,
    semi_train_cfg=dict(consistency='mse', unsup_weight=100.0,
                        rampup_iters=750),
    semi_test_cfg=dict(predict_on='teacher'))
custom_hooks = [dict(type='MeanTeacherHook', momentum=0.01, warmup=True)]
val_cfg = dict(type='TeacherStudentValLoop')
default_hooks = dict(checkpoint=dict(save_best='teacher/mIoU'))
