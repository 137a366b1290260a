"""The IaC scanner over a small repository: kinds found by name and content, a Terraform
module split over files, GitLab local includes, Helm templates skipped, inline suppressions,
unreadable files reported while the rest is scanned."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from vigil.scanners.iac.scanner import IacScanner
from vigil.scanners.interface import ScanRequest
from vigil.scanners.registry import by_id
from vigil.scanners.suppressions import silence_marked

DATA = Path(__file__).parents[2] / "data" / "iac"
LAYOUT = DATA / "layout"


def hits(root: Path, **options: object) -> set[tuple[str, str, int | None]]:
    """What ``vigil scan`` keeps of the scanner's findings: inline markers applied."""
    outcome = IacScanner().scan(ScanRequest(root=root, **options))  # type: ignore[arg-type]
    assert outcome.errors == []
    kept, _ = silence_marked(outcome.findings, root)
    return {(f.location.path, f.rule_id, f.location.start_line) for f in kept if f.location}


def test_repository_layout() -> None:
    assert hits(LAYOUT) == {
        (".github/workflows/pr.yml", "VIGIL-GHA-001", 11),
        ("services/api/Containerfile", "VIGIL-DOCKER-001", 1),
        ("services/api/Containerfile", "VIGIL-DOCKER-009", 1),
        ("deploy/k8s/all.yaml", "VIGIL-K8S-001", 16),
        # the variable's default lives in variables.tf, the rule in main.tf: one module
        ("infra/network/main.tf", "VIGIL-TF-005", 1),
        # reached only through the include of .gitlab-ci.yml
        ("ci/deploy.yml", "VIGIL-GITLAB-004", 3),
        ("buildspec.yml", "VIGIL-CODEBUILD-001", 4),
        # line 4 carries a suppression comment above it; line 5 does not
        ("Jenkinsfile", "VIGIL-JENKINS-001", 5),
        # indented with tabs: libyaml reads it with lines; PyYAML's pure-Python scanner
        # refuses tabs, and the file is then read as plain JSON, without lines
        ("cfn/queue.json", "VIGIL-CFN-001", 6 if yaml.__with_libyaml__ else 1),
        ("cfn/queue.json", "VIGIL-CFN-002", 4 if yaml.__with_libyaml__ else 1),
        ("cfn/queue.json", "VIGIL-CFN-003", 4 if yaml.__with_libyaml__ else 1),
    }


def test_json_that_no_yaml_parser_reads_is_read_without_lines(tmp_path: Path) -> None:
    # YAML caps implicit keys at 1,024 characters; JSON has no such limit
    (tmp_path / "template.json").write_text(
        '{"AWSTemplateFormatVersion": "2010-09-09",\n "Metadata": {"%s": 1},\n'
        ' "Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {\n'
        '   "AccessControl": "PublicRead", "BucketEncryption": {},\n'
        '   "PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "BlockPublicPolicy": true,'
        ' "IgnorePublicAcls": true, "RestrictPublicBuckets": true}}}}}\n' % ("k" * 1100)
    )
    assert hits(tmp_path) == {("template.json", "VIGIL-CFN-001", 1)}


def test_summary_counts_configuration_files_only() -> None:
    outcome = IacScanner().scan(ScanRequest(root=LAYOUT))
    # pr.yml, Containerfile, all.yaml, 2 .tf, .gitlab-ci.yml, ci/deploy.yml, buildspec,
    # Jenkinsfile, queue.json; not package.json, docker-compose.yml, Chart.yaml, the template
    assert outcome.summary == "10 configuration files: 12 findings"


def test_excluded_and_test_trees_are_not_read(tmp_path: Path) -> None:
    shutil.copytree(LAYOUT, tmp_path / "repo")
    (tmp_path / "repo" / "tests").mkdir()
    shutil.copy(DATA / "VIGIL-DOCKER-007" / "fail.dockerfile", tmp_path / "repo" / "tests")
    found = hits(tmp_path / "repo", exclude=("infra/*", "cfn"), skip_tests=True)
    assert {path for path, _, _ in found} == {
        ".github/workflows/pr.yml",
        "services/api/Containerfile",
        "deploy/k8s/all.yaml",
        "ci/deploy.yml",
        "buildspec.yml",
        "Jenkinsfile",
    }


def test_suppression_on_the_line_and_above(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(
        "FROM alpine:3.20\n"
        "# vigil: ignore[VIGIL-DOCKER-007] the base image ships sudo configured for this user\n"
        "RUN sudo apk add --no-cache curl\n"
        "EXPOSE 22  # vigil: ignore[VIGIL-DOCKER-008] a test SSH server for the CI harness\n"
        "RUN sudo true\n"
        "USER 1000 # vigil: ignore[VIGIL-DOCKER-002] the wrong rule silences nothing\n"
        "HEALTHCHECK CMD true\n"
    )
    # vigil scan applies markers to every scanner's findings alike (silence_marked), and
    # reports what they silence with the marker's reason.
    findings = IacScanner().scan(ScanRequest(root=tmp_path)).findings
    kept, silenced = silence_marked(findings, tmp_path)
    assert [(f.rule_id, f.location.start_line if f.location else 0) for f in kept] == [
        ("VIGIL-DOCKER-007", 5)
    ]
    assert sorted((s.finding.rule_id, s.reason) for s in silenced) == [
        ("VIGIL-DOCKER-007", "the base image ships sudo configured for this user"),
        ("VIGIL-DOCKER-008", "a test SSH server for the CI harness"),
    ]


def test_unreadable_files_are_reported_and_the_rest_is_scanned(tmp_path: Path) -> None:
    shutil.copy(DATA / "VIGIL-K8S-001" / "fail.yaml", tmp_path / "good.yaml")
    (tmp_path / "broken.yaml").write_text("apiVersion: v1\nkind: Pod\nspec: [unclosed\n")
    (tmp_path / "main.tf").write_text('resource "aws_s3_bucket" "b" {\n  acl = \n')
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "ci.yml").write_text("on: push\njobs:\n  a: {runs-on: x\n")
    outcome = IacScanner().scan(ScanRequest(root=tmp_path))
    assert sorted(Path(e.source).name for e in outcome.errors) == [
        "broken.yaml",
        "ci.yml",
        "main.tf",
    ]
    broken = next(e for e in outcome.errors if e.source.endswith("broken.yaml"))
    assert broken.problem.startswith("invalid YAML at line 4")
    hcl = next(e for e in outcome.errors if e.source.endswith("main.tf"))
    assert hcl.problem.startswith("invalid HCL")
    assert [(f.location.path, f.rule_id) for f in outcome.findings if f.location] == [
        ("good.yaml", "VIGIL-K8S-001")
    ]


def test_gitlab_includes_stay_inside_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "ci").mkdir(parents=True)
    (tmp_path / "outside.yml").write_text("job:\n  image: ruby\n  script: [true]\n")
    (repo / "ci" / "a.yml").write_text("include: {local: ci/b.yml}\njob-a:\n  image: ruby\n")
    (repo / "ci" / "b.yml").write_text("include: {local: ci/a.yml}\njob-b:\n  image: node\n")
    (repo / ".gitlab-ci.yml").write_text(
        "include:\n  - local: ../outside.yml\n  - local: 'ci/*.yml'\n  - remote: https://example.com/x.yml\n"
    )
    assert hits(repo) == {
        ("ci/a.yml", "VIGIL-GITLAB-004", 3),
        ("ci/b.yml", "VIGIL-GITLAB-004", 3),
    }
    assert hits(repo, exclude=("ci/b.yml",)) == {("ci/a.yml", "VIGIL-GITLAB-004", 3)}


def test_helm_templates_are_skipped_but_workflows_with_expressions_are_not(tmp_path: Path) -> None:
    (tmp_path / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: {{ .Values.replicas }}\n"
    )
    (tmp_path / "release.yml").write_text(
        "on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n"
        "    steps:\n      - run: echo '${{ github.event.issue.body }}'\n"
    )
    assert hits(tmp_path) == {("release.yml", "VIGIL-GHA-001", 7)}


def test_a_single_file_root_is_named_by_its_file_name() -> None:
    found = hits(DATA / "VIGIL-DOCKER-008" / "fail.dockerfile")
    assert found == {("fail.dockerfile", "VIGIL-DOCKER-008", 3)}


@pytest.mark.parametrize("scanner_id", ["iac", "checkov"])
def test_registered(scanner_id: str) -> None:
    scanner = by_id(scanner_id)
    assert scanner.id == scanner_id and scanner.default is True


def test_iac_always_applies(tmp_path: Path) -> None:
    assert IacScanner().applies(ScanRequest(root=tmp_path))
    assert (
        IacScanner().scan(ScanRequest(root=tmp_path)).summary == "0 configuration files: 0 findings"
    )


def test_intrinsic_functions_where_strings_are_expected(tmp_path: Path) -> None:
    (tmp_path / "sg.yaml").write_text(
        'AWSTemplateFormatVersion: "2010-09-09"\n'
        "Parameters:\n"
        "  AllowedCidr: {Type: String, Default: 0.0.0.0/0}\n"
        "Resources:\n"
        "  Group:\n"
        "    Type: AWS::EC2::SecurityGroup\n"
        "    Properties:\n"
        "      GroupDescription: ssh\n"
        "      SecurityGroupIngress:\n"
        "        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref AllowedCidr}\n"
        "        - {IpProtocol: !Ref Proto, FromPort: !Ref Port, ToPort: 22, CidrIp: 0.0.0.0/0}\n"
    )
    (tmp_path / "main.tf").write_text(
        'resource "aws_s3_bucket_acl" "a" {\n  bucket = "b"\n  acl    = { x = 1 }\n}\n'
        'resource "google_storage_bucket_access_control" "c" {\n  entity = ["allUsers"]\n}\n'
    )
    assert hits(tmp_path) == set()  # values only known at deploy time are not judged
