"""The ``drugpages`` command: the layer on top of crawler/, qa/, output/ and extract/. Nothing imports it."""
