"""The one place that imports the rest of the timeline package, so a rename touches one file."""

from __future__ import annotations

from timeline.load.loader import load_dataset
from timeline.model import schema
from timeline.model.dates import date_labels, parse_dates
from timeline.model.metadata import DRAFT, METADATA_FILE
from timeline.model.problems import DatasetError, Problem, shorten
from timeline.model.quotes import normalise

EVENTS = schema.EVENTS
EXCERPTS = schema.EXCERPTS
SOURCES = schema.SOURCES
VOCABULARY = schema.VOCABULARY
SOURCES_DIR = schema.SOURCES_DIR

__all__ = [
    "DRAFT",
    "EVENTS",
    "EXCERPTS",
    "METADATA_FILE",
    "SOURCES",
    "SOURCES_DIR",
    "VOCABULARY",
    "DatasetError",
    "Problem",
    "date_labels",
    "load_dataset",
    "normalise",
    "parse_dates",
    "shorten",
]
