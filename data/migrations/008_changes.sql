-- Who changed what, and when, through the web app: one line per write that the app's write gate let through.
CREATE SEQUENCE change_id_seq START 1;

CREATE TABLE changes (
    change_id   INTEGER PRIMARY KEY DEFAULT nextval('change_id_seq'),
    changed_at  TIMESTAMP NOT NULL DEFAULT current_timestamp,
    author      VARCHAR NOT NULL,
    action      VARCHAR NOT NULL
);
