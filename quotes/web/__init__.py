"""The web app (`quotes serve`): server-rendered pages and a JSON API over the library."""
