"""Counting with collections.Counter: a dict from each value to how often it occurs."""

from collections import Counter

kinds = ["pledge", "allegation", "pledge", "opinion", "allegation", "pledge"]

# By hand, with a dict:
counts = {}
for kind in kinds:
    counts[kind] = counts.get(kind, 0) + 1
print(counts)

# The same with Counter, and the most common first:
counted = Counter(kinds)
print(counted["pledge"], counted["statistic"])  # a missing value counts 0
print(counted.most_common(2))
