"""`timeline review`: turning a draft into a dataset in the browser, with nothing lost.

The state is the draft as first opened (``.review/base/``) plus an append-only change log
replayed over it (``state.py``, ``log.py``); ``store.py`` writes the folder's tables from it in
an order that always passes the dataset check; the app (``app.py``, ``layout.py``,
``callbacks.py``) edits it; ``finish.py`` writes the accepted events as a dataset.
"""
