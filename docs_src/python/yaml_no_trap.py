"""The same YAML, read by PyYAML's defaults and by civicdata's strict loader."""

import yaml

from civicdata.strict_yaml import loads

text = "position: no\ndate: 2018-08-31\npublic_figure: true\n"

print("PyYAML safe_load:", yaml.safe_load(text))
print("civicdata loads: ", loads(text))
