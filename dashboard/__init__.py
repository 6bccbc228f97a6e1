"""The web app: pages, shared components, and the queries and computations they call."""
