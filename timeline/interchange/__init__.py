"""Other tools' timelines read into a dataset folder: TimelineJS's JSON and its Google-Sheets
template saved as CSV (``timeline import``).

Reading checks everything before anything is written and reports every problem, located by
JSON path or by line and column; the folder is built beside its destination, checked by the
loader and renamed into place. Writing another tool's format is an export: it lives in
:mod:`timeline.export`.
"""
