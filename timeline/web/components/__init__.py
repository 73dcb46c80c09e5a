"""Parts of the page, built from a dataset: filters and toolbar, event list, provenance
panel, export control. Pure functions returning Dash components."""
