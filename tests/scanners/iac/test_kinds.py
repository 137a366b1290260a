"""File kinds: by name first, by content only for anonymous YAML/JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.scanners.iac.kinds import Kind, by_name, sniff


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("Dockerfile", Kind.DOCKERFILE),
        ("docker/Dockerfile.prod", Kind.DOCKERFILE),
        ("api.dockerfile", Kind.DOCKERFILE),
        ("Containerfile", Kind.DOCKERFILE),
        ("Dockerfile.md", None),
        ("src/scanners/dockerfile.py", None),
        ("dockerfile_test.go", None),
        ("Dockerfile.j2", None),
        ("Dockerfile-alpine", Kind.DOCKERFILE),
        ("Jenkinsfile.md", None),
        ("infra/main.tf", Kind.TERRAFORM),
        ("infra/terraform.tfvars", None),
        ("Jenkinsfile", Kind.JENKINSFILE),
        ("ci/Jenkinsfile.release", Kind.JENKINSFILE),
        ("release.jenkinsfile", Kind.JENKINSFILE),
        (".gitlab-ci.yml", Kind.GITLAB),
        ("ci/deploy.gitlab-ci.yml", Kind.GITLAB),
        (".github/workflows/ci.yml", Kind.GITHUB_ACTIONS),
        (".github/workflows/ci.yaml", Kind.GITHUB_ACTIONS),
        ("docs/workflows/ci.yml", Kind.DATA),
        ("buildspec.yml", Kind.BUILDSPEC),
        (".github/actions/label/action.yml", Kind.GITHUB_ACTIONS),
        ("buildspec-release.yaml", Kind.BUILDSPEC),
        ("k8s/deployment.yaml", Kind.DATA),
        ("template.json", Kind.DATA),
        ("main.py", None),
        ("README.md", None),
    ],
)
def test_by_name(path: str, kind: Kind | None) -> None:
    assert by_name(Path(path)) is kind


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("t.yaml", 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n', Kind.CLOUDFORMATION),
        ("t.yaml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n", Kind.CLOUDFORMATION),
        ("t.json", '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}', Kind.CLOUDFORMATION),
        ("p.yaml", "apiVersion: v1\nkind: Pod\n", Kind.KUBERNETES),
        ("p.json", '{\n  "apiVersion": "v1",\n  "kind": "Pod"\n}', Kind.KUBERNETES),
        ("w.yml", "on: push\njobs:\n  a: {}\n", Kind.GITHUB_ACTIONS),
        ("w.yml", '"on":\n  push:\njobs: {}\n', Kind.GITHUB_ACTIONS),
        ("b.yml", "version: 0.2\nphases:\n  build: {}\n", Kind.BUILDSPEC),
        ("a.yml", "name: x\nruns:\n  using: 'composite'\n  steps: []\n", Kind.GITHUB_ACTIONS),
        ("a.yml", "name: x\nruns:\n  using: node20\n  main: index.js\n", None),
        ("compose.yml", "services:\n  web:\n    image: nginx\n", None),
        ("package.json", '{"name": "x", "version": "1.0.0"}', None),
        ("chart.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n", None),
        ("chart.yaml", "apiVersion: v1\nkind: Pod\n{{- if .Values.x }}\n", None),
        ("svc.yaml", "kind: Service\napiVersion: v1\nmetadata:\n  name: etcd-{{cell}}\n", None),
        (
            "db.yaml",
            "Resources:\n  D:\n    Type: AWS::RDS::DBInstance\n    Properties:\n"
            "      MasterUserPassword: '{{resolve:secretsmanager:db:SecretString:pw}}'\n",
            Kind.CLOUDFORMATION,
        ),
        (
            "w.yml",
            "on: push\njobs:\n  a:\n    steps: [run: 'echo ${{ github.sha }}']\n",
            Kind.GITHUB_ACTIONS,
        ),
    ],
)
def test_sniff(name: str, text: str, kind: Kind | None) -> None:
    assert sniff(Path(name), text) is kind
