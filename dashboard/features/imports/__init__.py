"""The Données page's imports: the kinds of file, the uploaded files, the background jobs, the reports."""
