"""P: a report draft's printed figures against the data (`cfreport summarize --against`)."""

from cfreport.checks.registry import Rule, register
from cfreport.findings import Severity

P001 = register(
    Rule(
        "P001",
        "printed-differs-from-data",
        Severity.ERROR,
        "A figure printed in the report draft differs from what the data gives.",
        "{figure}: the draft prints {found}, the data gives {expected}",
        why="Every published number must be the one the agencies reported.",
        bad="The draft prints 300 institutions where the workbooks add up to 294.",
        good="The draft prints 294.",
    )
)
P002 = register(
    Rule(
        "P002",
        "printed-total-not-sum",
        Severity.ERROR,
        "A total printed in the report draft differs from the sum of its own printed parts.",
        "{figure}: the draft prints {found} but its printed parts add to {expected}",
        why="A reader adds the printed breakdown up; it must give the printed total.",
        bad="281 institutions: CSOs 111, shelters 83, ... (= 277).",
        good="277, or the missing 4 printed under their category.",
    )
)
