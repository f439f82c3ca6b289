"""What the checks and the consolidation both need to know about submissions, computed once.

`counts`: an agency's counts grouped by initiative and indicator, and a breakdown node's value
(typed, or the sum of its parts). `batch`: the submissions of one reporting year, the ones that
count (one per agency), and who reports each joint initiative and programme. Nothing here makes a
finding or a figure: the checks and the consolidation build on it, and never on each other.
"""
