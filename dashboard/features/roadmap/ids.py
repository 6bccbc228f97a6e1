"""The roadmap's component ids that more than one module (or a test) names."""

PARAMS = "roadmap-params"  # the page's parameters: region, territory, sector, map level
ACCOUNT = "roadmap-account"  # who is signed in and what they may do, filled by features/roadmap/account.py
GRID = "roadmap-grid"  # the commitments grid (features/roadmap/grid.py), laid out by features/roadmap/grid_layout.py
SAVED = "roadmap-saved"  # set by every save of the page: the summary and the grid are built again
FORM_BASE = "roadmap-form-base"  # the commitment open in the form: its number, version and inputs as opened
# The page's parts, linked from its summary (dashboard/components/page_summary.py)
SUMMARY = "roadmap-summary"
COMMITMENTS = "roadmap-commitments-part"
MAQUETTE = "roadmap-maquette-part"  # the maquette financière (features/roadmap/maquette_section.py)
FORM_SECTION = "roadmap-form-section"
FOLLOW_UP = "roadmap-follow-up-part"
IMPORT = "roadmap-import-part"
VERSIONS = "roadmap-versions-part"
EXPORTS = "roadmap-exports-part"
