"""Modal screens: note editor, help, document picker, search, confirm."""
