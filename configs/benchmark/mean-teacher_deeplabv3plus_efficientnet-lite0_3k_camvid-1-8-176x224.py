# Mean Teacher in the CamVid 1/8 setting (46 labelled + 321 unlabelled
# frames): the supervised CamVid 1/8 model, schedule and labelled batch of
# 8, plus 8 unlabelled frames per batch, with the VOC-subset Mean Teacher's
# settings (softmax squared error x 100, sigmoid ramp-up over the first
# quarter, EMA decay 0.99 after a 1/(k+1) warm-up, strong student view).
# The teacher is evaluated.
_base_ = [
    '../_base_/models/deeplabv3plus_efficientnet-lite0.py',
    '../_base_/datasets/semi_camvid.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_benchmark_adamw_cpu.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

segmentor = _base_.model
segmentor.data_preprocessor.size = _base_.crop_size
segmentor.decode_head.num_classes = 11
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
train_dataloader = dict(
    batch_size=16, sampler=dict(batch_size=16, source_ratio=[8, 8]))
