# Upper reference of the CamVid setting: all 367 train frames labelled,
# otherwise the supervised CamVid 1/8 config.
_base_ = ['./deeplabv3plus_efficientnet-lite0_3k_camvid-1-8-176x224.py']
train_dataloader = dict(
    dataset=dict(
        datasets=[dict(_base_.labeled_dataset, ann_file='train.txt')]))
