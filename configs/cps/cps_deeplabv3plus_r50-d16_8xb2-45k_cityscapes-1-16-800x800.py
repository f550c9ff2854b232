# The 1/8 config with the Cityscapes 1-16 split (186 labelled / 2789
# unlabelled) and its TorchSemiSeg schedule (128 "epochs" of 348 steps).
_base_ = ['./cps_deeplabv3plus_r50-d16_8xb2-45k_cityscapes-1-8-800x800.py']

split = '1-16'
max_iters = 44544
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
