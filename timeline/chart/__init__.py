"""Pure figure building (no Dash): events and keyword options in, a Plotly figure out."""
