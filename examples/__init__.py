"""Examples around the suite: a driver plug-in for a differently shaped API, CI jobs."""
