"""What the pages every State site carries share (accessibility, legal notice, personal data, site map): a titled
section, the operator's contact. Who the operator is: dashboard/serving/operator.py; the footer's links:
dashboard/components/site_links.py."""
