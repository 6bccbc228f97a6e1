"""Component ids of the process pages, used by more than one module and by tests: the prefix is the feature's."""

from __future__ import annotations

# The territory page: its steps and needs.
STEP_CHOICE, STEP_STATE, STEP_SAVE, STEP_MESSAGE = "process-step", "process-step-state", "process-step-save", \
    "process-step-message"
STEP_DATES = {"planned_start": "process-step-planned-start", "planned_end": "process-step-planned-end",
              "actual_start": "process-step-actual-start", "actual_end": "process-step-actual-end"}
STEPS_TABLE = "process-steps"
NEED_CHOICE, NEED_THEME, NEED_PRIORITY, NEED_STATE = "process-need", "process-need-theme", "process-need-priority", \
    "process-need-state"
NEED_DESCRIPTION, NEED_RESPONDERS, NEED_SAVE, NEED_MESSAGE = "process-need-description", "process-need-responders", \
    "process-need-save", "process-need-message"
PAGE = "process-page"  # a store of the page's parameters (region, territory, meeting)

# The meeting page.
MEETING_FIELDS = {"instance": "process-meeting-instance", "territory": "process-meeting-territory",
                  "title": "process-meeting-title", "day": "process-meeting-day", "start": "process-meeting-start",
                  "end": "process-meeting-end", "place": "process-meeting-place",
                  "invited": "process-meeting-invited", "present": "process-meeting-present",
                  "agenda": "process-meeting-agenda", "sectors": "process-meeting-sectors",
                  "minutes": "process-meeting-minutes"}
MEETING_SAVE, MEETING_MESSAGE, MEETING_URL = "process-meeting-save", "process-meeting-message", "process-meeting-url"
PREPARE, PREPARE_MESSAGE, PRESENT = "process-prepare", "process-prepare-message", "process-present"
MINUTES_UPLOAD, MINUTES_MESSAGE, MINUTES_LIMIT = "process-minutes-upload", "process-minutes-message", \
    "process-minutes-limit"
DECISION_TEXT, DECISION_COMMITMENT, DECISION_EFFECT = "process-decision-text", "process-decision-commitment", \
    "process-decision-effect"
DECISION_SAVE, DECISION_MESSAGE, DECISIONS = "process-decision-save", "process-decision-message", "process-decisions"

# The register of parties.
PARTY_CHOICE, PARTY_SAVE, PARTY_MESSAGE, PARTY_CONTACTS = "process-party", "process-party-save", \
    "process-party-message", "process-party-contacts"
REGISTER_TABLE = "process-register-table"
PARTY_FIELDS = {"code": "process-party-code", "kind": "process-party-kind", "name": "process-party-name",
                "territory": "process-party-territory", "siren": "process-party-siren"}

# The region's process page.
PROCESS_URL, PROCESS_REGION = "process-url", "process-region"
