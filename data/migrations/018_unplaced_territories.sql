-- Territories an import could not place (issue 21): a CRTE none of whose members (EPCI or communes) is in the
-- loaded territories — its EPCI merged or dissolved since the ANCT's list — has no commune, no outline and
-- no place in the split; the pages name it, with this reason, instead of letting it disappear. Written by the
-- territories import (replaced for the regions of its communes), undone with it.
CREATE TABLE unplaced_territories (
    level     VARCHAR NOT NULL,            -- crte
    code      VARCHAR NOT NULL,            -- its identifier in the file (id_crte)
    name      VARCHAR NOT NULL,
    region    VARCHAR,                     -- the region the file gives it (insee_reg, else its département's)
    reason    VARCHAR NOT NULL,            -- in French, the members that could not be found
    import_id INTEGER,
    PRIMARY KEY (level, code)
);
