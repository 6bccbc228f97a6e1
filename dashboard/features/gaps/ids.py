"""The Écarts page's component ids that more than one module names: its parts, linked from its summary."""

PARAMS = "gaps-params"  # the page's parameters (GapsState.stored: its region), read by its callbacks
PANORAMA = "gaps-panorama-part"
PANORAMA_CHART = "gaps-panorama"  # the page's main chart, drawn first: what is below it comes once it is drawn
GROUPS = "gaps-groups-part"
OBJECTIVES = "gaps-objectives"
TRAJECTORY = "gaps-trajectory-part"
LEVERS = "gaps-levers-part"
MAGNITUDES = "gaps-magnitudes"
AMBITION = "gaps-ambition"
COMPARISON = "gaps-comparison-part"
