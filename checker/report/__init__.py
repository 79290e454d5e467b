"""Reports: view models and renderers (HTML, Excel, CSV, JSON). Renderers take a view model only."""
