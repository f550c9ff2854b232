# Mean Teacher on CamVid 1/8 (46 labelled + 321 unlabelled frames),
# CPU-sized: the model, schedule and labelled batch of the supervised
# baseline ../supervised/deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py
# (4 labelled + 4 unlabelled per batch). Student on the strong view, teacher
# pseudo labels from the weak view kept above confidence 0.9, sigmoid
# ramp-up over 500 iterations, EMA with student weight 0.1 per iteration
# (a 10-iteration horizon for a 2000-iteration run) after a 1/(k+1)
# warm-up; the teacher is evaluated and kept.
_base_ = [
    '../_base_/models/deeplabv3plus_r18-lite.py',
    '../_base_/datasets/semi_camvid.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_camvid_cpu.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

segmentor = _base_.model
segmentor.data_preprocessor.size = _base_.crop_size
model = dict(
    _delete_=True,
    type='MeanTeacherSegmentor',
    segmentor=segmentor,
    data_preprocessor=None,
    semi_train_cfg=dict(
        consistency='ce', conf_thr=0.9, unsup_weight=1.0, rampup_iters=500),
    semi_test_cfg=dict(predict_on='teacher'))
custom_hooks = [dict(type='MeanTeacherHook', momentum=0.1, warmup=True)]
val_cfg = dict(type='TeacherStudentValLoop')
default_hooks = dict(checkpoint=dict(save_best='teacher/mIoU'))
