"""Reading a dataset folder: decode the tables, validate them, locate every quote in its
article, and reload the folder when it is edited. :func:`load_dataset` is the only parser."""

from timeline.load.loader import load_dataset

__all__ = ["load_dataset"]
