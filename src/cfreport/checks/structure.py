"""F: the file and its structure. Emitted while reading; a refusal makes the file unreadable."""

from cfreport.checks.registry import Rule, register
from cfreport.findings import Severity

F001 = register(
    Rule(
        "F001",
        "unreadable-file",
        Severity.ERROR,
        "The file cannot be read as an Excel workbook.",
        "{reason}",
        why="cfreport reads .xlsx and .xlsm workbooks made from its template.",
        bad="A CSV file renamed report.xlsx.",
        good="The workbook saved from Excel as .xlsx.",
        refuses=True,
    )
)
F002 = register(
    Rule(
        "F002",
        "extra-sheet",
        Severity.WARNING,
        "A sheet the template does not have is ignored.",
        "Sheet '{sheet_name}' is not part of the template: its contents are not read",
        why="Only the template's sheets are read; data typed elsewhere would be lost silently.",
        bad="A sheet 'Notes 2' holding extra counts.",
        good="Counts typed on the Counts sheet.",
    )
)
F003 = register(
    Rule(
        "F003",
        "missing-sheet",
        Severity.ERROR,
        "A sheet the template requires is missing.",
        "The workbook has no sheet '{sheet_name}' (sheets found: {found})",
        why="Every sheet of the template is read; a renamed or deleted sheet cannot be found.",
        bad="The sheet 'Counts' renamed 'Outputs'.",
        good="The sheet keeps its name 'Counts'.",
        refuses=True,
    )
)
F004 = register(
    Rule(
        "F004",
        "missing-column",
        Severity.ERROR,
        "A column the template requires is missing from its sheet.",
        "Sheet '{sheet_name}' has no column '{column}' (its header row was not found or lacks it)",
        why="Columns are found by their header names; a renamed header hides the column.",
        bad="The header 'Value' changed to 'Number'.",
        good="The header reads 'Value'.",
        refuses=True,
    )
)
F005 = register(
    Rule(
        "F005",
        "not-a-template",
        Severity.ERROR,
        "The workbook was not made from the cfreport template (no stamp).",
        "This workbook has no cfreport stamp ('{label}' on the sheet Submission): "
        "start from a template made by `cfreport template`",
        why="The stamp says which layout and framework the workbook follows.",
        bad="A workbook built by hand.",
        good="A workbook made by `cfreport template --agency UNICEF`.",
        refuses=True,
    )
)
F006 = register(
    Rule(
        "F006",
        "unsupported-version",
        Severity.ERROR,
        "The workbook's template version is not one this cfreport reads.",
        "Template version {found} cannot be read; this cfreport reads version(s) {supported}",
        why="Each template version has its own layout.",
        bad="Template version 0.9.",
        good="A workbook made by this cfreport's `cfreport template`.",
        refuses=True,
    )
)
F007 = register(
    Rule(
        "F007",
        "framework-mismatch",
        Severity.ERROR,
        "The workbook was made for another framework than the one it is checked against.",
        "The workbook is stamped for framework '{found}' but is checked against '{expected}'",
        why="Codes and indicators differ between frameworks.",
        bad="A Colombia workbook checked against the Mexico framework.",
        good="`cfreport validate --framework colombia.toml colombia-unicef.xlsx`.",
    )
)
F008 = register(
    Rule(
        "F008",
        "macros-ignored",
        Severity.WARNING,
        "The workbook contains macros; they are never run.",
        "This workbook contains macros (VBA); cfreport reads its data and never runs them",
        why="A submission's data is read as data; code in it is ignored.",
        bad="A .xlsm with a macro that fills the Counts sheet when opened.",
        good="The same figures typed or pasted as values in a .xlsx.",
    )
)
F009 = register(
    Rule(
        "F009",
        "hidden-sheet",
        Severity.WARNING,
        "A sheet of the workbook is hidden.",
        "Sheet '{sheet_name}' is hidden; {what}",
        why="Hidden data is easy to forget: the RCO cannot see what was counted.",
        bad="The Counts sheet hidden before sending.",
        good="Every sheet of the template visible (the list sheet excepted).",
    )
)
F010 = register(
    Rule(
        "F010",
        "hidden-rows",
        Severity.WARNING,
        "Rows holding data are hidden; their data still counts.",
        "{count} hidden row(s) hold data here (rows {rows}); hidden data still counts",
        why="A hidden row is still read and added up, though nobody sees it in Excel.",
        bad="An old count hidden instead of deleted.",
        good="The row deleted, or shown.",
    )
)
