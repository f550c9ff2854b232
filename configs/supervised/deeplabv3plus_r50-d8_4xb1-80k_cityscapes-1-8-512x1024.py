# Supervised baseline for the semi-supervised Cityscapes 1/8 configs:
# MMSeg's DeepLabV3+ R50-D8 Cityscapes recipe (ImageNet-pretrained
# ResNetV1c, SGD lr 0.01 poly, 80k iterations, crop 512x1024) trained on
# the labelled 1/8 split only, with the labelled batch of the
# semi-supervised configs (1 per GPU).
_base_ = [
    'mmseg::deeplabv3plus/deeplabv3plus_r50-d8_4xb2-80k_cityscapes-512x1024.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

split = '1-8'  # data_root/splits/<split>/, see tools/misc/split_dataset.py
train_dataloader = dict(
    batch_size=1,
    dataset=dict(
        ann_file=f'splits/{split}/labeled.txt'))
