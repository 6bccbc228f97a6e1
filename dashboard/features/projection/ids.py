"""The projection page's component ids that more than one module (or a test) names."""

PARAMS = "projection-params"  # the page's parameters as its server callback reads them (ProjectionState.stored)
