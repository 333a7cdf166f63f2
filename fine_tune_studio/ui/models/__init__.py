"""Getting base models onto this computer: the catalogue dialog, the list of local models,
and the buttons the settings panel and the launch wizard embed (docs/models.md)."""
