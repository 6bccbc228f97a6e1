"""Charts and maps as plain functions (DataFrame in, Figure out), and their colour classes."""
