# The views of s4GAN's three streams (added to a semi-supervised dataset
# config by the configs in configs/s4gan): 'sup' (labelled images for the
# segmentation loss), 'unsup_weak' (unlabelled images, weak geometry only)
# and 'sup_disc' (labelled images drawn by a stream of their own: the
# discriminator's real samples, as the official code's third loader). Every
# pipeline packs the same three fields so the batch collates.
s4gan_branch_field = ['sup', 'unsup_weak', 'sup_disc']
s4gan_sup_views = dict(
    type='MultiBranch',
    branch_field=s4gan_branch_field,
    sup=dict(type='PackSegInputs'))
s4gan_unsup_views = dict(
    type='MultiBranch',
    branch_field=s4gan_branch_field,
    unsup_weak=dict(type='PackSegInputs'))
s4gan_disc_views = dict(
    type='MultiBranch',
    branch_field=s4gan_branch_field,
    sup_disc=dict(type='PackSegInputs'))
# s4GAN's discriminator optimizer and schedule (official VOC values: Adam
# lr 1e-4, betas (0.9, 0.99), no weight decay, poly 0.9 like the
# segmentor's); Cityscapes configs lower the lr to 1e-5
s4gan_disc_optim_wrapper = dict(
    type='OptimWrapper',
    optimizer=dict(type='Adam', lr=1e-4, betas=(0.9, 0.99), weight_decay=0))
s4gan_disc_param_scheduler = [
    dict(type='PolyLR', eta_min=0.0, power=0.9, begin=0, by_epoch=False)
]
