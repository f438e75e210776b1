"""UI driver classes that tests name with ``--ui-driver`` / ``ui_driver``."""
