# CPS in the quality benchmark (VOC subset, 92 labelled + 1372
# unlabelled): two branches of the supervised-92 model (the same ImageNet
# encoder, heads drawn independently), its schedule and labelled batch, 8
# unlabelled images per batch, lambda = 1.5 (CPS's VOC value) on labelled +
# unlabelled images. branch1 is evaluated.
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
    type='CPSSegmentor',
    segmentor=segmentor,
    data_preprocessor=None,
    cps_loss=dict(type='CrossPseudoLoss', loss_weight=1.5),
    semi_test_cfg=dict(predict_on='branch1'))
val_cfg = dict(type='TeacherStudentValLoop')
default_hooks = dict(checkpoint=dict(save_best='branch1/mIoU'))
# CPS needs a single (weak) view of the unlabelled images
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[*_base_.unsup_pipeline_head, _base_.unsup_weak_views])
train_dataloader = dict(
    dataset=dict(datasets=[_base_.labeled_dataset, unlabeled_dataset]))
