"""The rendered reference texts of the framework pages (the commitments, the Key Features
tree), per language, kept in each process: they change only when `flask load-reference` loads
new data, which clears this process's copy, and which a deployment follows by restarting the
hosts; other processes drop theirs after MAX_AGE seconds at the latest."""
from portal.fragment_cache import Fragments

MAX_AGE = 600   # seconds
reference = Fragments(max_age=MAX_AGE, entries=32)
