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
    job = workflow["jobs"]["check"]
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
    # The summary, tests and site still run when validation failed (CONTRIBUTING promises it).
    for name in ["Dataset changes", "Tests", "Site"]:
        assert steps[name]["if"].startswith("${{ !cancelled() && steps.install.outcome"), name
    assert all(job["timeout-minutes"] <= 30 for job in workflow["jobs"].values())
    assert workflow["concurrency"]["cancel-in-progress"] is True


def test_workflow_actions_are_pinned_and_scripts_take_no_expressions():
    """zizmor checks this in CI (.ci/lint-workflows); the same rules, without the network."""
    workflow = load_yaml(WORKFLOW)
    for name, job in workflow["jobs"].items():
        for step in job["steps"]:
            if "uses" in step:
                action, _, ref = step["uses"].partition("@")
                assert len(ref) == 40 and int(ref, 16) >= 0, f"{name}: {action} is not pinned"
                if action == "actions/checkout":
                    assert step["with"]["persist-credentials"] is False
            assert "${{" not in step.get("run", ""), f"{name}: expression inside a script"


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
    step = _steps()["Dataset changes"]
    # The base branch reaches the script through the environment, never spliced into it.
    assert "${{" not in step["run"] and step["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    summary = tmp_path / "summary.md"
    result = _run(
        _local(step["run"]), history.root, GITHUB_STEP_SUMMARY=str(summary), BASE_REF="main"
    )
    # 1: the history's head holds a file that cannot be read; the summary says which.
    assert result.returncode == 1, result.stderr
    text = summary.read_text()
    assert text.startswith("## Dataset changes (origin/main..HEAD)")
    assert "### Could not be read" in text
    assert "1 added, 1 changed, 1 removed, 1 renamed" in text


@pytest.fixture(scope="module")
def validated_here() -> subprocess.CompletedProcess:
    """`civicdata validate` once on this checkout: the published hook's entry and this
    repository's own hook (its entry without `uv run `) are that same command; both
    tests read this run (one xdist group), not one run each (~0.25 CPU-s)."""
    return _run("civicdata validate", REPO)


@pytest.mark.xdist_group("validated-here")
def test_pre_commit_hook_for_other_repositories(validated_here):
    [hook] = load_yaml_list(REPO / ".pre-commit-hooks.yaml")
    assert hook["id"] == "civicdata-validate" and hook["language"] == "python"
    # The whole dataset once per commit, not once per CPU with a share of the files each.
    assert hook["pass_filenames"] is False and hook["require_serial"] is True
    # On every commit: a `files:` filter never sees a deletion, nor a docs-only edit.
    assert hook["always_run"] is True and "files" not in hook
    assert hook["entry"] == "civicdata validate"  # the command validated_here ran
    assert validated_here.returncode == 0, validated_here.stdout


def test_pre_commit_try_repo_validates_the_forks_own_data_once(sandbox, tmp_path):
    """What a contributor runs in their fork: pre-commit installs this repository's hook."""
    fork = sandbox.root
    broken = sandbox.data_dir / "person" / "larry-krasner.yaml"
    broken.write_text(broken.read_text().replace("public_figure: true", "public_figure: yes"))
    _git(fork, "init", "-q", "-b", "main")
    _git(fork, "add", "-A")
    records = len(list(sandbox.data_dir.glob("*/*.yaml")))
    result = subprocess.run(
        [BIN / "pre-commit", "try-repo", REPO, "civicdata-validate", "--all-files", "--verbose"],
        cwd=fork,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")},
        timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "civicdata/data/person/larry-krasner.yaml:3:16: error:" in output
    assert output.count("files checked") == 1  # one run, not one per CPU
    assert f"1 problem in {records} files checked ({records - 1} valid records" in output
    assert "already used by" not in output and "Traceback" not in output


def test_pre_commit_checks_a_commit_that_only_deletes_a_record_or_edits_docs(sandbox, tmp_path):
    """The published hook's settings, as a fork's commit triggers them: staged changes only.

    pre-commit decides which hooks run from the staged files; the hook is
    declared here as a local hook with every setting of .pre-commit-hooks.yaml
    (the try-repo test above installs the real one), so the test takes a
    second, not an installation per run.
    """
    import yaml

    fork = sandbox.root
    [published] = load_yaml_list(REPO / ".pre-commit-hooks.yaml")
    local = {**published, "language": "system", "entry": f"{BIN / 'civicdata'} validate"}
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (fork / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    (fork / "docs").mkdir()
    (fork / "docs" / "notes.md").write_text("# Notes\n")
    _git(fork, "init", "-q", "-b", "main")
    _git(fork, "add", "-A")
    _git(fork, "-c", "user.email=t@e.org", "-c", "user.name=t", "commit", "-qm", "base")

    def hook() -> subprocess.CompletedProcess:
        return subprocess.run(
            [BIN / "pre-commit", "run", "civicdata-validate", "--verbose"],
            cwd=fork,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")},
            timeout=600,
        )

    (fork / "docs" / "notes.md").write_text("# Notes\n\nA docs-only edit.\n")
    _git(fork, "add", "docs/notes.md")
    docs_only = hook()
    assert docs_only.returncode == 0, docs_only.stdout + docs_only.stderr
    assert "files checked" in docs_only.stdout  # it ran: a skipped hook prints no report
    _git(fork, "reset", "-q")
    _git(fork, "checkout", "-q", "--", "docs")
    _git(fork, "rm", "-q", "civicdata/data/person/larry-krasner.yaml")  # referred to widely
    deletion = hook()
    output = deletion.stdout + deletion.stderr
    assert deletion.returncode == 1, output
    assert "larry-krasner" in output and "files checked" in output


def test_validate_refuses_files_outside_any_checkout(tmp_path, cli, monkeypatch):
    """A repository without seeds/ is not silently checked against the packaged records.

    Run in this process (the ``cli`` fixture) from that folder: the command, not a
    fresh interpreter, is what finds no checkout there."""
    folder = tmp_path / "civicdata" / "data" / "person"
    folder.mkdir(parents=True)
    (folder / "jane-doe.yaml").write_text("id: jane-doe\nname: Jane Doe\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CIVICDATA_ROOT", raising=False)
    code, out, err = cli("validate", "civicdata/data/person/jane-doe.yaml")
    assert code == 2, out + err
    assert "is not inside a civicdata checkout" in err
    assert "already used" not in out


def _own_hook(hook_id: str) -> dict:
    config = load_yaml(REPO / ".pre-commit-config.yaml")
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}[hook_id]


@pytest.mark.xdist_group("validated-here")
def test_this_repositorys_validate_hook_passes(validated_here):
    assert _local(_own_hook("civicdata-validate")["entry"]) == "civicdata validate"
    assert validated_here.returncode == 0, validated_here.stdout + validated_here.stderr


@pytest.mark.parametrize("hook_id", ["ruff-check", "ruff-format"])
def test_this_repositorys_pre_commit_hooks_pass(hook_id):
    result = _run(f"{_local(_own_hook(hook_id)['entry'])} civicdata/cli.py", REPO)
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
