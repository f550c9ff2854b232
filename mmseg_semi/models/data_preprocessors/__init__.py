from .multi_branch import MultiBranchSegDataPreProcessor

__all__ = ['MultiBranchSegDataPreProcessor']
