# Single-stage WSSS, VOC-aug from image tags, the reference's main
# WideResNet-38 setting (reference/wseg_cyclegan.md A2-A3), which differs
# from its ResNet-101 one (the base config) in:
# - backbone: WideResNet-38, output stride 8, stem and layer1 frozen,
#   every BN frozen, Dropout2d 0.3 / 0.5 in layer5 / layer6; the shallow
#   feature is layer2's raw output (256 channels, stride 4), the deep one
#   layer6 after its BN-ReLU (4096 channels). ImageNet weights: convert the
#   reference's ilsvrc-cls_rna-a1_cls1000_ep-0001.pth with
#   tools/model_converters/wide_resnet382mmseg.py into the path below;
# - crop 321x321 (whole image resized), 25 epochs (661 iterations each) =
#   16525 iterations, the mask loss from epoch 5 (iteration 3305);
# - learning-rate multipliers 1 / 2 / 10 / 20 for pretrained weights,
#   pretrained biases, new weights, new biases;
# - test time: no ground truth; a class is kept if its sigmoid score
#   exceeds 0.1, then background^3; --tta uses the scales 1, 0.5, 1.5, 2
#   with flips.
_base_ = ['./single-stage-wsss_r101_2xb8-21e_voc12aug-448x448.py']

crop_size = (321, 321)
iters_per_epoch = 661  # 10582 // 16
model = dict(
    data_preprocessor=dict(size=crop_size),
    backbone=dict(
        _delete_=True,
        type='WideResNet38',
        out_indices=(1, 5),
        frozen_stages=1,
        norm_cfg=dict(type='BN', requires_grad=False),
        norm_eval=True,
        dropout=(0.3, 0.5),
        init_cfg=dict(
            type='Pretrained',
            checkpoint='pretrain/wide_resnet38_ilsvrc-a1_mmseg.pth')),
    decode_head=dict(in_channels=[256, 4096], in_index=(0, 1)),
    train_cfg=dict(mask_loss_begin_iter=5 * iters_per_epoch),
    test_cfg=dict(
        _delete_=True, mode='whole', bg_power=3.0, use_image_labels=False,
        score_threshold=0.1))
optim_wrapper = dict(
    paramwise_cfg=dict(
        lr_mult=dict(
            pretrained_weight=1.0,
            pretrained_bias=2.0,
            new_weight=10.0,
            new_bias=20.0)))
train_cfg = dict(max_iters=25 * iters_per_epoch)

train_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'), _base_.load_tags,
    dict(type='Resize', scale=crop_size, keep_ratio=False),
    dict(type='RandomFlip', prob=0.5),
    _base_.wsss_colour_jitter,
    _base_.tags_pack,
]
train_dataloader = dict(dataset=dict(pipeline=train_pipeline))
# no tags at test time (the base loads them for the ResNet setting's
# gating), so MMSeg's inference_model runs on bare images
test_pipeline = [
    dict(type='LoadImageFromFile'),
    dict(type='LoadAnnotations'), _base_.tags_pack
]
val_dataloader = dict(dataset=dict(pipeline=test_pipeline))
test_dataloader = val_dataloader
img_ratios = [1.0, 0.5, 1.5, 2.0]
tta_pipeline = [
    dict(type='LoadImageFromFile', backend_args=None),
    dict(
        type='TestTimeAug',
        transforms=[
            [
                dict(type='Resize', scale_factor=r, keep_ratio=True)
                for r in img_ratios
            ],
            [
                dict(type='RandomFlip', prob=0., direction='horizontal'),
                dict(type='RandomFlip', prob=1., direction='horizontal')
            ], [dict(type='LoadAnnotations')], [_base_.tags_pack]
        ])
]
