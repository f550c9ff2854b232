# Supervised baseline for the semi-supervised VOC-aug 1/8 configs: MMSeg's
# DeepLabV3+ R50-D8 VOC-aug recipe (ImageNet-pretrained ResNetV1c, SGD
# lr 0.01 poly, 40k iterations, crop 512) trained on the labelled 1/8 split
# only, with the labelled batch of the semi-supervised configs (2 per GPU).
_base_ = [
    'mmseg::deeplabv3plus/deeplabv3plus_r50-d8_4xb4-40k_voc12aug-512x512.py'
]
custom_imports = dict(imports=['mmseg_semi'], allow_failed_imports=False)

split = '1-8'  # data_root/splits/<split>/, see tools/misc/split_dataset.py
train_dataloader = dict(
    batch_size=2,
    dataset=dict(
        _delete_=True,
        type='PascalVOCDataset',
        data_root=_base_.data_root,
        data_prefix=dict(
            img_path='JPEGImages', seg_map_path='SegmentationClassAug'),
        ann_file=f'splits/{split}/labeled.txt',
        pipeline=_base_.train_pipeline))
