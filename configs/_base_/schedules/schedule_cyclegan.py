# CycleGAN's optimisation: cyclegan_optimizers.py for every sub-model; the
# learning rate is constant for the first quarter of training (100 of 400
# epochs) and then falls linearly to 0. A child config sets `max_iters` and
# the schedule, e.g.
#   max_iters = 400 * iters_per_epoch
#   param_scheduler = {
#       name: [dict(type='LinearLR', start_factor=1.0, end_factor=0.0,
#                   begin=max_iters // 4, end=max_iters, by_epoch=False)]
#       for name in _base_.cyclegan_submodels}
_base_ = ['./iter_based_runtime.py', './cyclegan_optimizers.py']
optim_wrapper = dict(
    constructor='MultiOptimWrapperConstructor',
    **{name: _base_.cyclegan_adam
       for name in _base_.cyclegan_submodels})
