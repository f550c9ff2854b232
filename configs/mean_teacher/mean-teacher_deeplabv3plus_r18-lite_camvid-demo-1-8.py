# Mean Teacher in the offline demo: 23 labelled + 161 unlabelled frames of
# the CamVid copy bundled in data/camvid_demo (240x180, JPEG images).
_base_ = ['./mean-teacher_deeplabv3plus_r18-lite_2k_camvid-1-8-176x224.py']
demo_data = dict(data_root='data/camvid_demo', img_suffix='.jpg')

labeled_dataset = _base_.labeled_dataset
labeled_dataset.update(demo_data)
unlabeled_dataset = _base_.unlabeled_dataset
unlabeled_dataset.update(demo_data)
train_dataloader = dict(
    dataset=dict(datasets=[labeled_dataset, unlabeled_dataset]))
val_dataloader = dict(dataset=demo_data)
test_dataloader = val_dataloader
