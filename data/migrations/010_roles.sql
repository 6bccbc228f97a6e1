-- Roles: what each account may write (domain/permissions.py). The accounts made before roles were
-- editors of everything but accounts: they become « equipe » (équipe régionale); the first
-- administrator is named from the command line (python -m loaders utilisateur NOM --role administrateur).
ALTER TABLE users ADD COLUMN role VARCHAR NOT NULL DEFAULT 'equipe';

-- The territories a contributor may write commitments for (département, CRTE or EPCI).
CREATE TABLE user_territories (
    username        VARCHAR NOT NULL,
    territory_level VARCHAR NOT NULL CHECK (territory_level IN ('departement', 'crte', 'epci')),
    territory_code  VARCHAR NOT NULL,
    PRIMARY KEY (username, territory_level, territory_code)
);

-- The role the author had when the gate let the write through (null for writes made before roles).
ALTER TABLE changes ADD COLUMN role VARCHAR;
