"""The app's widgets around the reading pane: document list, span list, status line, label legend."""
