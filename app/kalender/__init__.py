"""The month and week calendar of meetings: a pure grid builder (raster) and the public pages (routes)."""
