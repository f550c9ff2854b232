# CycleGAN's optimisation: cyclegan_optimizers.py's Adam and schedule for
# every sub-model; a child config sets train_cfg.max_iters.
_base_ = ['./iter_based_runtime.py', './cyclegan_optimizers.py']
optim_wrapper = dict(
    constructor='MultiOptimWrapperConstructor',
    **{name: _base_.cyclegan_adam
       for name in _base_.cyclegan_submodels})
param_scheduler = {
    name: _base_.cyclegan_lr_schedule
    for name in _base_.cyclegan_submodels
}
