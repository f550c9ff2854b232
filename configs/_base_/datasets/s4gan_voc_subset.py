# semi_voc_subset.py with s4GAN's three streams (s4gan_views.py): labelled
# ('sup'), unlabelled ('unsup_weak') and the discriminator's real samples
# ('sup_disc': the labelled images again, drawn by a stream of their own),
# in equal shares as the official 8 + 8 + 8. A child sets the batch:
#   train_dataloader = dict(batch_size=3 * n,
#                           sampler=dict(batch_size=3 * n,
#                                        source_ratio=[n, n, n]))
_base_ = ['./semi_voc_subset.py', './s4gan_views.py']

labeled_pipeline_head = [*_base_.load_labeled, _base_.resize, _base_.crop,
                         _base_.flip]
labeled_dataset = dict(
    _base_.labeled_dataset,
    pipeline=[*labeled_pipeline_head, _base_.s4gan_sup_views])
unlabeled_dataset = dict(
    _base_.unlabeled_dataset,
    pipeline=[*_base_.unsup_pipeline_head, _base_.s4gan_unsup_views])
disc_dataset = dict(
    _base_.labeled_dataset,
    pipeline=[*labeled_pipeline_head, _base_.s4gan_disc_views])
train_dataloader = dict(
    dataset=dict(datasets=[labeled_dataset, unlabeled_dataset, disc_dataset]))
