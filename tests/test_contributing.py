"""The pull-request path: the workflow's commands, hooks and templates, run locally."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from civicdata.strict_yaml import load as load_yaml
from tests.conftest import REPO, _git

WORKFLOW = REPO / ".github" / "workflows" / "pull-request.yml"
BIN = Path(sys.executable).parent


def _steps() -> dict[str, dict]:
    workflow = load_yaml(WORKFLOW)
    [job] = workflow["jobs"].values()
    return {step["name"]: step for step in job["steps"] if "name" in step}


def _local(command: str) -> str:
    """The step's command as it runs here: the project's environment instead of `uv run`."""
    return command.replace("uv run ", "")


def _run(command: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **env}
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )


def test_workflow_runs_on_pull_requests_with_the_expected_steps():
    workflow = load_yaml(WORKFLOW)
    assert "pull_request" in workflow["on"], "`on` must stay a key, not become True"
    steps = _steps()
    assert steps["Install"]["run"].endswith("uv sync --locked")
    assert steps["Validate records"]["run"] == "uv run civicdata validate --format github"
    assert steps["Tests"]["run"] == "uv run pytest"
    assert steps["Site"]["run"] == "uv run mkdocs build --strict"
    assert "$GITHUB_STEP_SUMMARY" in steps["Dataset changes"]["run"]


def test_validate_step_passes_on_this_checkout():
    result = _run(_local(_steps()["Validate records"]["run"]), REPO)
    assert result.returncode == 0, result.stdout
    assert "::error" not in result.stdout


def test_validate_step_annotates_a_broken_record(sandbox):
    path = sandbox.data_dir / "person" / "larry-krasner.yaml"
    path.write_text(path.read_text().replace("public_figure: true", "public_figure: yes"))
    result = _run(_local(_steps()["Validate records"]["run"]), sandbox.root)
    assert result.returncode == 1
    assert "::error file=civicdata/data/person/larry-krasner.yaml,line=3,col=16::" in result.stdout


def test_diff_step_writes_the_job_summary(history, tmp_path):
    _git(history.root, "update-ref", "refs/remotes/origin/main", "HEAD~1")
    command = _steps()["Dataset changes"]["run"].replace("${{ github.base_ref }}", "main")
    summary = tmp_path / "summary.md"
    result = _run(_local(command), history.root, GITHUB_STEP_SUMMARY=str(summary))
    assert result.returncode == 0, result.stderr
    text = summary.read_text()
    assert text.startswith("## Dataset changes (origin/main..HEAD)")
    assert "1 added, 1 changed, 1 removed, 1 renamed" in text


def test_pre_commit_hook_for_other_repositories():
    [hook] = load_yaml_list(REPO / ".pre-commit-hooks.yaml")
    assert hook["id"] == "civicdata-validate" and hook["language"] == "python"
    files = [
        str(p.relative_to(REPO)) for p in sorted(REPO.glob("civicdata/data/person/*.yaml"))[:3]
    ]
    result = _run(f"{hook['entry']} {' '.join(files)}", REPO)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("hook_id", ["civicdata-validate", "ruff-check", "ruff-format"])
def test_this_repositorys_pre_commit_hooks_pass(hook_id):
    config = load_yaml(REPO / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    hook = hooks[hook_id]
    target = (
        "civicdata/data/vote/pars-contract-renewal-2018.yaml"
        if hook_id == "civicdata-validate"
        else "civicdata/cli.py"
    )
    result = _run(f"{_local(hook['entry'])} {target}", REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def load_yaml_list(path: Path) -> list:
    """The hooks file is a top-level list, which record files may not be; read it with PyYAML."""
    import yaml

    return yaml.load(path.read_text(), Loader=yaml.CSafeLoader)


def test_pull_request_template_has_the_review_checklist():
    text = (REPO / ".github" / "pull_request_template.md").read_text()
    for item in ["verbatim", "neutral", "claim", "private individuals", "civicdata validate"]:
        assert item in text


def test_data_correction_issue_form_is_well_formed():
    form = load_yaml(REPO / ".github" / "ISSUE_TEMPLATE" / "data-correction.yml")
    assert form["name"] and form["description"]
    ids = [item["id"] for item in form["body"] if item["type"] != "markdown"]
    assert len(ids) == len(set(ids))
    assert {item["type"] for item in form["body"]} <= {
        "markdown",
        "input",
        "textarea",
        "dropdown",
        "checkboxes",
    }
    assert all("label" in item["attributes"] for item in form["body"] if item["type"] != "markdown")


def test_contributing_guide_covers_the_steps():
    text = (REPO / "CONTRIBUTING.md").read_text()
    for step in [
        "civicdata new",
        "civicdata validate",
        "civicdata diff",
        "pull request",
        "Review checklist",
    ]:
        assert step in text
    assert (REPO / "docs" / "chapters" / "09-extending.md").is_file()
