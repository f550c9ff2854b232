# The 1/8 config with the Cityscapes 1-4 split (744 labelled / 2231
# unlabelled) and its TorchSemiSeg schedule (160 "epochs" of 278 steps).
_base_ = ['./cps_deeplabv3plus_r50-d16_8xb2-45k_cityscapes-1-8-800x800.py']

split = '1-4'
max_iters = 44480
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
