# The 1/8 config with the VOC-aug 1-2 split (5291 labelled / 5291
# unlabelled) and its TorchSemiSeg schedule (60 "epochs" of 661 steps).
_base_ = ['./cps_deeplabv3plus_r50-d16_4xb4-40k_voc12aug-1-8-512x512.py']

split = '1-2'
max_iters = 39660
labeled_dataset = _base_.labeled_dataset
labeled_dataset.ann_file = f'splits/{split}/labeled.txt'
unlabeled_dataset = _base_.unlabeled_dataset
unlabeled_dataset.ann_file = f'splits/{split}/unlabeled.txt'
train_dataloader = dict(
    dataset=dict(datasets=[labeled_dataset, unlabeled_dataset]))
train_cfg = dict(max_iters=max_iters)
param_scheduler = [
    dict(
        type='PolyLR',
        power=0.9,
        eta_min=0.0,
        begin=0,
        end=max_iters,
        by_epoch=False)
]
