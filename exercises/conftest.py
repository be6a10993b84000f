"""Running ``pytest exercises/`` loads the grading plugin (``civicdata grade`` passes ``-p``)."""

pytest_plugins = ["civicdata.grading.plugin"]
