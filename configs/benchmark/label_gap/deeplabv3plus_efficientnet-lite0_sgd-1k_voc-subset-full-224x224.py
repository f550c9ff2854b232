# Label-gap search (docs/benchmarks.md), first recipe with all 1464
# VOC-subset train images labelled.
_base_ = [
    './deeplabv3plus_efficientnet-lite0_sgd-1k_voc-subset-92-224x224.py'
]
train_dataloader = dict(
    dataset=dict(
        datasets=[dict(_base_.labeled_dataset, ann_file='train.txt')]))
