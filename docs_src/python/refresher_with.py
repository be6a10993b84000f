"""`with` opens a file and closes it when the block ends, even after an error."""

from pathlib import Path

path = Path("seeds") / "000_9ef18d3464c072e1.txt"  # run from the repository's top folder

with open(path, encoding="utf-8") as file:
    headline = file.readline().strip()
print(headline)
print(file.closed)  # closed as soon as the with block ended

# f-strings put values into text; `value or default` falls back when value is empty or None.
outlet = None
print(f"{path.name}: {len(headline)} characters in the first line")
print(f"outlet: {outlet or '(not named)'}")
