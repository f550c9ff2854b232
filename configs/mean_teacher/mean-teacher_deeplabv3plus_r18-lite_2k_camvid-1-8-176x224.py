# Mean Teacher on CamVid 1/8 (46 labelled + 321 unlabelled frames), CPU-sized.
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
    data_preprocessor=dict(
        type='MultiBranchSegDataPreProcessor',
        data_preprocessor=segmentor.data_preprocessor),
    semi_train_cfg=dict(
        consistency='ce',
        conf_thr=0.9,
        sup_weight=1.0,
        unsup_weight=1.0,
        rampup_iters=500),
    semi_test_cfg=dict(predict_on='teacher'))

# A short schedule from scratch, so a short EMA horizon: decay 0.9 (student
# weight 0.1, about 10 iterations). With decay 0.99 the teacher lagged the
# still fast-improving student by 2-10 mIoU points (see README.md).
custom_hooks = [dict(type='MeanTeacherHook', momentum=0.1, warmup=True)]
val_cfg = dict(type='TeacherStudentValLoop')
default_hooks = dict(checkpoint=dict(save_best='teacher/mIoU'))
