"""A bare one-chart Dash page, the yardstick of the serving benchmark (``gunicorn bench.bare:server``)."""

import dash
import plotly.graph_objects as go
from dash import dcc, html

app = dash.Dash(__name__, compress=True, title="Page Dash minimale")
app.layout = html.Main([html.H1("Page Dash minimale"),
                        dcc.Graph(figure=go.Figure(go.Bar(x=["a", "b", "c"], y=[1, 3, 2])))])
server = app.server
