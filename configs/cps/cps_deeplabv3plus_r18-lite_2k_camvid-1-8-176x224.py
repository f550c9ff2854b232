# CPS without CutMix on CamVid 1/8 (46 labelled + 321 unlabelled frames),
# CPU-sized: the model, schedule and labelled batch of the supervised
# baseline ../supervised/deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py
# (4 labelled + 4 unlabelled per batch), lambda = 1.5 as for VOC.
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
    type='CPSSegmentor',
    segmentor=segmentor,
    data_preprocessor=None,
    cps_loss=dict(type='CrossPseudoLoss', loss_weight=1.5),
)
val_cfg = dict(type='TeacherStudentValLoop')  # branch1/ and branch2/ mIoU
default_hooks = dict(checkpoint=dict(save_best='branch1/mIoU'))
# CPS needs a single (weak) view of the unlabelled images
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[*_base_.unsup_pipeline_head, _base_.unsup_weak_views])
train_dataloader = dict(
    dataset=dict(datasets=[_base_.labeled_dataset, unlabeled_dataset]))
