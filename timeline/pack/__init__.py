"""``timeline pack``: a checked dataset written in its columnar form, a folder of Parquet
files with a manifest (the format is :mod:`timeline.model.pack_format`; the loader reads
it, :mod:`timeline.load.packed`). Writing belongs here: the tables as Parquet, the manifest,
the atomic move into place and the checks on where it may go (``writer.py``), and the
command (``command.py``)."""
