# TorchSemiSeg's Mean Teacher baseline (exp.voc/voc8.res50v3+.MeanTeacher,
# the "MT" row of the CPS paper's VOC 1/8 table), in this package:
# - CPS's network (DeepLabV3+ R50 at output stride 16, no auxiliary head,
#   no dropout) and CPS's optimisation in standard DDP (SGD lr 0.0025,
#   weight decay 4e-4 = the official 0.01 / 1e-4 with its loss all-reduce
#   on 4 GPUs), 39338 iterations (34 "epochs" of 1157 steps);
# - student and teacher see the same (weak) view, no strong augmentation;
# - consistency: MSE between softmax outputs x 100 on labelled *and*
#   unlabelled images, averaged over every pixel, padding included, no
#   ramp-up;
# - the teacher runs in train mode (batch statistics, its own running
#   statistics), EMA decay 0.99 of parameters only, no warm-up;
# - the student is evaluated and kept.
# Differences that remain are listed in README.md.
_base_ = [
    '../_base_/models/cps_deeplabv3plus_r50-d16.py',
    '../_base_/datasets/semi_voc12aug.py', 'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_cps.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

segmentor = _base_.segmentor
segmentor.data_preprocessor.size = _base_.crop_size
segmentor.decode_head.num_classes = 21
model = dict(
    _delete_=True,
    type='MeanTeacherSegmentor',
    segmentor=segmentor,
    data_preprocessor=None,
    semi_train_cfg=dict(
        consistency='mse',
        unsup_weight=100.0,
        rampup_iters=0,
        student_view='unsup_weak',
        teacher_view='unsup_weak',
        consistency_on_labeled=True,
        mask_padding=False,
        teacher_bn='train'),
    semi_test_cfg=dict(predict_on='student'))
custom_hooks = [
    dict(type='MeanTeacherHook', momentum=0.01, warmup=False, buffers='none')
]
train_cfg = dict(max_iters=39338)
val_cfg = dict(type='TeacherStudentValLoop', predict_on=['student', 'teacher'])
default_hooks = dict(checkpoint=dict(save_best='student/mIoU'))
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[*_base_.unsup_pipeline_head, _base_.unsup_weak_views])
train_dataloader = dict(
    dataset=dict(datasets=[_base_.labeled_dataset, unlabeled_dataset]))
