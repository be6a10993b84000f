"""How YAML reads: what each line of a record becomes in Python."""

from pprint import pprint

import yaml

text = """\
name: Larry Krasner            # a mapping: key, colon, space, value
public_figure: true            # true/false become booleans
roles:                         # a list: one item per "- " line, indented under its key
  - title: District Attorney
    start: '2018-01'           # quoted: stays text, whatever it looks like
note: >-
  No start is given; seeking
  re-election in May 2021.
citations: [{source: appeal-2021, quote: who was elected DA in 2017}]
"""

pprint(yaml.safe_load(text), sort_dicts=False, width=72)
