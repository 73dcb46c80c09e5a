"""The Dash app: the factory, page components, thin callbacks, URL state and request guard."""
