# CycleGAN on CamVid 1/8 (46 labelled + 321 unlabelled frames), CPU-sized:
# G_IS is the model of the supervised baseline
# ../supervised/deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py with its
# schedule and labelled batch (4 labelled + 4 unlabelled frames per batch,
# one weak view); G_SI, discriminators, losses and pools of
# ../_base_/models/cyclegan_cpu.py, trained with the reference's Adam 2e-4
# (0.5, 0.999), constant for the first 500 of the 2000 iterations and then
# linear to 0.
_base_ = [
    '../_base_/models/deeplabv3plus_r18-lite.py',
    '../_base_/models/cyclegan_cpu.py', '../_base_/datasets/semi_camvid.py',
    'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/schedule_camvid_cpu.py',
    '../_base_/schedules/cyclegan_optimizers.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

segmentor = _base_.model
segmentor.data_preprocessor.size = _base_.crop_size
model = dict(
    _delete_=True,
    type='CycleGANSegmentor',
    segmentor=segmentor,
    data_preprocessor=None,
    **_base_.cyclegan_cpu_parts)
optim_wrapper = dict(
    _delete_=True,
    constructor='MultiOptimWrapperConstructor',
    segmentor=_base_.optim_wrapper,
    **_base_.cyclegan_gan_optim_wrappers)
param_scheduler = dict(
    _delete_=True,
    segmentor=_base_.param_scheduler,
    **_base_.cyclegan_gan_lr_schedules)
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[*_base_.unsup_pipeline_head, _base_.unsup_weak_views])
train_dataloader = dict(
    dataset=dict(datasets=[_base_.labeled_dataset, unlabeled_dataset]))
