# Upper reference of the quality benchmark: all 1464 VOC-subset train
# images labelled, otherwise the supervised-92 config.
_base_ = ['./deeplabv3plus_efficientnet-lite0_3k_voc-subset-92-192x192.py']
train_dataloader = dict(
    dataset=dict(
        datasets=[dict(_base_.labeled_dataset, ann_file='train.txt')]))
