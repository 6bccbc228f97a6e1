"""Mode projection: the screens of a COP session, their short links and QR codes."""
