# semi_cityscapes.py with 800x800 training crops (CPS, UniMatch).
_base_ = ['./semi_cityscapes.py']
crop_size = (800, 800)


def with_crop(pipeline):
    return [
        dict(t, crop_size=crop_size) if t['type'] == 'RandomCrop' else t
        for t in pipeline
    ]


labeled_dataset = _base_.labeled_dataset
labeled_dataset.pipeline = with_crop(labeled_dataset.pipeline)
unlabeled_dataset = _base_.unlabeled_dataset
unlabeled_dataset.pipeline = with_crop(unlabeled_dataset.pipeline)
train_dataloader = dict(
    dataset=dict(datasets=[labeled_dataset, unlabeled_dataset]))
