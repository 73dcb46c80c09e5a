"""What a dataset is: its format, partial dates, verbatim quotes, problems, and the typed
:class:`~timeline.model.dataset.Dataset` with the index of arrays derived from it."""
