"""The line-keeping YAML loader: exact lines, CloudFormation short-form tags, hostile input."""

from __future__ import annotations

import pytest
import yaml

from vigil.scanners.iac import _yaml
from vigil.scanners.iac._yaml import YList, YMap, load_documents, problem


def test_lines_of_keys_and_items_across_documents() -> None:
    first, second = load_documents("a: 1\nb:\n  - x\n  -   y: 2\n---\n# c\nc: [1, 2]\n")
    assert isinstance(first, YMap) and (first.line, first.key_lines) == (1, {"a": 1, "b": 2})
    assert isinstance(first["b"], YList) and first["b"].item_lines == [3, 4]
    assert first["b"][1].line_of("y") == 4
    assert second.line_of("c") == 7
    assert second.line_of("absent") == 7


def test_cloudformation_short_forms_load_as_long_forms() -> None:
    (template,) = load_documents(
        "A: !Ref Bucket\n"
        "B: !GetAtt Role.Arn\n"
        "C: !Sub '${AWS::StackName}-logs'\n"
        "D: !Join ['', [a, !Ref B]]\n"
        "E: !If [IsProd, !Ref P, !Ref 'AWS::NoValue']\n"
        "F: !Select\n  - 0\n  - !GetAZs ''\n"
        "G: !Base64 {'Fn::Sub': x}\n"
        "H: !Condition IsProd\n"
    )
    assert template == {
        "A": {"Ref": "Bucket"},
        "B": {"Fn::GetAtt": ["Role", "Arn"]},
        "C": {"Fn::Sub": "${AWS::StackName}-logs"},
        "D": {"Fn::Join": ["", ["a", {"Ref": "B"}]]},
        "E": {"Fn::If": ["IsProd", {"Ref": "P"}, {"Ref": "AWS::NoValue"}]},
        "F": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
        "G": {"Fn::Base64": {"Fn::Sub": "x"}},
        "H": {"Condition": "IsProd"},
    }
    assert template["F"]["Fn::Select"].line == 6  # where the tag starts


def test_no_python_objects() -> None:
    with pytest.raises(yaml.YAMLError):
        load_documents("!!python/object/apply:os.system ['true']\n")


def test_aliases_share_one_object_and_big_documents_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{', '.join(['*' + previous] * 10)}]")
    (document,) = load_documents("\n".join(lines) + "\n")  # a billion laughs, built once
    assert document["i"][0] is document["i"][9]
    monkeypatch.setattr(_yaml, "MAX_NODES", 50)
    with pytest.raises(yaml.YAMLError, match="more than 50 nodes"):
        load_documents("\n".join(f"k{i}: [1]" for i in range(60)))


def test_problem_names_the_line() -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        load_documents("a: 1\nb: [\n")
    assert problem(caught.value).startswith("invalid YAML at line 3")


def test_non_scalar_keys_are_an_error() -> None:
    with pytest.raises(yaml.YAMLError):
        load_documents("? [a, b]\n: c\n")


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(yaml.YAMLError):
        load_documents("[" * 400 + "]" * 400)
