# CPS in the CamVid 1/8 setting (46 labelled + 321 unlabelled frames): two
# branches of the supervised CamVid 1/8 model, its schedule and labelled
# batch of 8, 8 unlabelled frames per batch, lambda = 1.5 as in the
# VOC-subset CPS config, on labelled + unlabelled frames. branch1 is
# evaluated.
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
    type='CPSSegmentor',
    segmentor=segmentor,
    data_preprocessor=None,
    cps_loss=dict(type='CrossPseudoLoss', loss_weight=1.5),
    semi_test_cfg=dict(predict_on='branch1'))
val_cfg = dict(type='TeacherStudentValLoop')
default_hooks = dict(checkpoint=dict(save_best='branch1/mIoU'))
# CPS needs a single (weak) view of the unlabelled frames
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[*_base_.unsup_pipeline_head, _base_.unsup_weak_views])
train_dataloader = dict(
    batch_size=16,
    sampler=dict(batch_size=16, source_ratio=[8, 8]),
    dataset=dict(datasets=[_base_.labeled_dataset, unlabeled_dataset]))
