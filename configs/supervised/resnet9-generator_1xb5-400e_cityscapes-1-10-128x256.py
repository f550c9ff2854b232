# Supervised baseline of the CycleGAN Cityscapes 10 % config, as the
# reference's `supervised_model` (reference/wseg_cyclegan.md B3): G_IS alone
# (the 9-block ResNet generator, 19 classes, from scratch) on the 298
# labelled images of split '1-10' only, cross-entropy, Adam lr 2e-4 betas
# (0.9, 0.999) and no lr schedule, 5 images per batch resized to 128x256,
# 400 epochs of the labelled loader (drop_last): 298 // 5 = 59 iterations
# an epoch, 23600 in all.
_base_ = [
    '../_base_/models/cyclegan_resnet9-generator.py',
    '../_base_/datasets/cyclegan_cityscapes.py',
    'mmseg::_base_/default_runtime.py',
    '../_base_/schedules/iter_based_runtime.py',
    '../_base_/schedules/cyclegan_optimizers.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

iters_per_epoch = 59
max_iters = 400 * iters_per_epoch
model = dict(
    _base_.model.segmentor,
    _delete_=True,
    data_preprocessor=dict(
        _base_.model.segmentor.data_preprocessor, size=(128, 256)),
    decode_head=dict(_base_.model.segmentor.decode_head, num_classes=19))
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
