"""A history of generated batches for the discriminator (Shrivastava et
al., CVPR 2017), as CycleGAN uses it."""
from typing import List, Optional

import torch
from torch import Tensor, nn


class HistoryPool(nn.Module):
    """Feed the discriminator older fakes too, so it does not forget them.

    Holds up to ``size`` whole batches. :meth:`query` with a new batch:

    - while the pool is not full: store it and return it;
    - once full: with probability ``prob`` return a stored batch drawn
      uniformly and put the new one in its place; otherwise return the new
      batch (the pool is unchanged).

    ``size=0`` returns every batch as it comes. What is returned is
    detached. The draws use the ``generator`` passed in, so they can be
    tied to the training step and repeat after a resume.

    The batches live in one buffer, ``stored`` (``(size, *batch_shape)``,
    allocated at the first query, so every batch must have the same shape),
    and ``num_stored`` counts the filled slots: both are in ``state_dict()``
    and checkpoints, and loading a state dict restores the content (the
    buffer takes the saved shape). Being tensors, they also pass MMEngine's
    broadcast of the model's state at distributed start-up.

    Args:
        size (int): batches kept (the reference: 50).
        prob (float): probability of returning a stored batch once full
            (the reference: 0.5).
        storage_dtype (str, optional): dtype the batches are stored in (e.g.
            ``'float16'`` halves the memory of stored class probabilities);
            returned in the query's dtype.
    """

    def __init__(self,
                 size: int = 50,
                 prob: float = 0.5,
                 storage_dtype: Optional[str] = None) -> None:
        super().__init__()
        if size < 0 or not 0.0 <= prob <= 1.0:
            raise ValueError('HistoryPool needs size >= 0 and prob in '
                             f'[0, 1], got size={size}, prob={prob}')
        self.size = size
        self.prob = prob
        self.storage_dtype = getattr(torch, storage_dtype) \
            if isinstance(storage_dtype, str) else storage_dtype
        self.register_buffer('stored', torch.empty(0))
        self.register_buffer('num_stored', torch.zeros((), dtype=torch.long))

    @property
    def batches(self) -> List[Tensor]:
        """The stored batches, oldest slot first (views, in storage
        dtype)."""
        return [self.stored[i] for i in range(int(self.num_stored))]

    def _store(self, index: int, batch: Tensor) -> None:
        if self.stored.numel() == 0:
            self.stored = batch.new_zeros(
                (self.size, *batch.shape),
                dtype=self.storage_dtype or batch.dtype)
        elif self.stored.shape[1:] != batch.shape:
            raise ValueError(
                f'HistoryPool holds batches of shape '
                f'{tuple(self.stored.shape[1:])}, got {tuple(batch.shape)}; '
                'every batch it sees must have the same shape (fixed crops '
                'and batch sizes)')
        self.stored[index] = batch.to(self.stored.dtype)

    def query(self, batch: Tensor, generator: torch.Generator) -> Tensor:
        """The batch to show the discriminator instead of ``batch``."""
        batch = batch.detach()
        if self.size == 0:
            return batch
        filled = int(self.num_stored)
        if filled < self.size:
            self._store(filled, batch)
            self.num_stored += 1
            return batch
        if torch.rand((), generator=generator).item() >= self.prob:
            return batch
        index = int(torch.randint(self.size, (), generator=generator))
        old = self.stored[index].to(device=batch.device, dtype=batch.dtype,
                                    copy=True)  # its slot is overwritten
        self._store(index, batch)
        return old

    def _load_from_state_dict(self, state_dict, prefix, *args, **kwargs):
        saved = state_dict.get(prefix + 'stored')
        if saved is not None:
            if saved.numel() and saved.shape[0] != self.size:
                raise ValueError(
                    f'{prefix}stored holds {saved.shape[0]} batches, but '
                    f'this pool has size {self.size}')
            # take the saved shape (the buffer is allocated lazily)
            self.stored = torch.empty_like(saved, device=self.stored.device)
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def extra_repr(self) -> str:
        return f'size={self.size}, prob={self.prob}, ' \
               f'stored={int(self.num_stored)}'
