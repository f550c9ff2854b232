# Supervised baseline of the CycleGAN VOC-aug 10 % config, as the
# reference's `supervised_model` (reference/wseg_cyclegan.md B3): the
# segmentation generator G_IS alone (the 9-block ResNet generator of
# ../cyclegan/, from scratch) on the 1058 labelled images of split '1-10'
# only, cross-entropy, Adam lr 2e-4 betas (0.9, 0.999) and no lr schedule,
# 5 images per batch resized (not cropped) to 200x200 without
# augmentation, 400 epochs of the labelled loader (drop_last):
# 1058 // 5 = 211 iterations an epoch, 84400 in all. The paper's +2-4 mIoU
# of CycleGAN is measured against this model. Validation as the CycleGAN
# config (MMSeg's VOC val, scored at the original resolution).
_base_ = [
    '../_base_/models/cyclegan_resnet9-generator.py',
    '../_base_/datasets/cyclegan_voc12aug.py',
    'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/iter_based_runtime.py',
    '../_base_/schedules/cyclegan_optimizers.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

iters_per_epoch = 211
max_iters = 400 * iters_per_epoch
model = dict(
    _base_.model.segmentor,
    _delete_=True,
    data_preprocessor=dict(
        _base_.model.segmentor.data_preprocessor, size=_base_.image_size))
train_dataloader = dict(
    batch_size=5,
    sampler=dict(_delete_=True, type='InfiniteSampler', shuffle=True),
    dataset=dict(
        split='1-10',
        datasets=[
            dict(
                _base_.labeled_dataset,
                pipeline=[
                    *_base_.load_labeled, _base_.fixed_resize,
                    dict(type='PackSegInputs')
                ])
        ]))
optim_wrapper = _base_.cyclegan_supervised_optim_wrapper
param_scheduler = []
train_cfg = dict(max_iters=max_iters, val_interval=10 * iters_per_epoch)
default_hooks = dict(
    checkpoint=dict(interval=10 * iters_per_epoch, max_keep_ckpts=2))
