"""Kubernetes manifest checks: every workload's pod spec and containers, RBAC roles and
bindings. Multi-document files and ``List`` objects are read; anything that is not a
Kubernetes object (no ``apiVersion`` and ``kind``) is ignored."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from vigil.scanners.iac._common import is_literal_secret, is_secret_name, unpinned_image
from vigil.scanners.iac._yaml import YList, YMap
from vigil.scanners.iac.rules import Hit

#: Where each workload kind keeps its pod spec.
_POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "ReplicationController": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
_DANGEROUS_CAPABILITIES = frozenset(
    {
        "ALL",
        "SYS_ADMIN",
        "NET_ADMIN",
        "SYS_PTRACE",
        "SYS_MODULE",
        "DAC_READ_SEARCH",
        "BPF",
        "SYS_RAWIO",
        "SYS_BOOT",
    }
)


#: Rules that report a setting missing: a Kustomize patch holds only what it changes, so
#: they do not apply to it (those that report a setting present still do).
ABSENCE_RULES = frozenset(
    {"VIGIL-K8S-002", "VIGIL-K8S-003", "VIGIL-K8S-007", "VIGIL-K8S-008", "VIGIL-K8S-009",
     "VIGIL-K8S-012", "VIGIL-K8S-013"}
)  # fmt: skip
KUSTOMIZATIONS = ("kustomization.yaml", "kustomization.yml")


def kustomize_patches(kustomization: Any) -> Iterator[str]:
    """The files a parsed ``kustomization.yaml`` names as patches (relative to its folder):
    ``patches:`` and ``patchesJson6902:`` entries' ``path``, ``patchesStrategicMerge:``
    file names (inline patches, which hold a newline, are no files)."""
    if not isinstance(kustomization, dict):
        return
    for key in ("patches", "patchesStrategicMerge", "patchesJson6902"):
        entries = kustomization.get(key)
        for entry in entries if isinstance(entries, list) else ():
            path = entry.get("path") if isinstance(entry, dict) else entry
            if isinstance(path, str) and path.strip() and "\n" not in path:
                yield path.strip()


def is_object(document: Any) -> bool:
    """Whether a YAML document is a Kubernetes object."""
    return isinstance(document, YMap) and "apiVersion" in document and "kind" in document


def check(documents: list[Any]) -> Iterator[Hit]:
    """Every hit in the documents of one manifest file."""
    for document in documents:
        if not is_object(document):
            continue
        if document.get("kind") == "List" and isinstance(document.get("items"), YList):
            yield from check([i for i in document["items"] if is_object(i)])
            continue
        yield from _object(document)


def _object(obj: YMap) -> Iterator[Hit]:
    kind = obj.get("kind")
    metadata = obj.get("metadata")
    if isinstance(metadata, YMap) and metadata.get("namespace") == "default":
        yield Hit("VIGIL-K8S-013", metadata.line_of("namespace"))
    if kind in ("Role", "ClusterRole"):
        yield from _role(obj)
    elif kind in ("RoleBinding", "ClusterRoleBinding"):
        ref = obj.get("roleRef")
        if isinstance(ref, YMap) and ref.get("name") == "cluster-admin":
            yield Hit("VIGIL-K8S-015", ref.line_of("name"))
    elif isinstance(kind, str):
        # Custom workloads (Argo Rollout, OpenShift DeploymentConfig…) keep a pod template
        # where a Deployment does.
        spec = _walk(obj, _POD_SPEC_PATHS.get(kind, ("spec", "template", "spec")))
        if spec is not None and (kind in _POD_SPEC_PATHS or "containers" in spec):
            yield from _pod(spec)


def _walk(node: Any, path: tuple[str, ...]) -> YMap | None:
    for key in path:
        node = node.get(key) if isinstance(node, YMap) else None
    return node if isinstance(node, YMap) else None


def _role(role: YMap) -> Iterator[Hit]:
    rules = role.get("rules")
    for rule in rules if isinstance(rules, YList) else ():
        if not isinstance(rule, YMap):
            continue
        for key in ("verbs", "resources"):
            values = rule.get(key)
            if isinstance(values, list) and "*" in values:
                yield Hit("VIGIL-K8S-014", rule.line_of(key), f"{key}: ['*']")


def _pod(spec: YMap) -> Iterator[Hit]:
    for key in ("hostNetwork", "hostPID", "hostIPC"):
        if spec.get(key) is True:
            yield Hit("VIGIL-K8S-004", spec.line_of(key), key)
    volumes = spec.get("volumes")
    for volume in volumes if isinstance(volumes, YList) else ():
        if isinstance(volume, YMap) and "hostPath" in volume:
            yield Hit("VIGIL-K8S-005", volume.line_of("hostPath"))
    if spec.get("automountServiceAccountToken") is not False:
        yield Hit("VIGIL-K8S-012", spec.line_of("automountServiceAccountToken"))
    pod_context = spec.get("securityContext")
    pod_context = pod_context if isinstance(pod_context, YMap) else YMap()
    for key in ("containers", "initContainers", "ephemeralContainers"):
        containers = spec.get(key)
        for container in containers if isinstance(containers, YList) else ():
            if isinstance(container, YMap):
                yield from _container(container, pod_context)


def _container(container: YMap, pod_context: YMap) -> Iterator[Hit]:
    image = container.get("image")
    if isinstance(image, str) and unpinned_image(image):
        yield Hit("VIGIL-K8S-010", container.line_of("image"), image)
    context = container.get("securityContext")
    context = context if isinstance(context, YMap) else None
    yield from _security_context(context, pod_context, container.line_of("securityContext"))
    resources = container.get("resources")
    limits = resources.get("limits") if isinstance(resources, YMap) else None
    if not isinstance(limits, YMap) or not {"cpu", "memory"} <= limits.keys():
        yield Hit("VIGIL-K8S-009", container.line_of("resources"))
    env = container.get("env")
    for item in env if isinstance(env, YList) else ():
        if (
            isinstance(item, YMap)
            and isinstance(item.get("name"), str)
            and is_secret_name(item["name"])
            and is_literal_secret(item.get("value"), item["name"])
        ):
            yield Hit("VIGIL-K8S-011", item.line_of("value"), item["name"])


def _security_context(context: YMap | None, pod_context: YMap, at: int) -> Iterator[Hit]:
    own = context if context is not None else YMap()

    def line(key: str) -> int:
        return own.key_lines.get(key, at)

    if own.get("privileged") is True:
        yield Hit("VIGIL-K8S-001", line("privileged"))
    if own.get("allowPrivilegeEscalation") is not False:
        yield Hit("VIGIL-K8S-002", line("allowPrivilegeEscalation"))
    yield from _run_as(own, line, pod_context)
    capabilities = own.get("capabilities")
    capabilities = capabilities if isinstance(capabilities, YMap) else YMap()
    added = capabilities.get("add")
    dangerous = [
        str(c)
        for c in (added if isinstance(added, list) else ())
        if str(c).upper().removeprefix("CAP_") in _DANGEROUS_CAPABILITIES
    ]
    if dangerous:
        yield Hit("VIGIL-K8S-006", capabilities.line_of("add"), ", ".join(dangerous))
    dropped = capabilities.get("drop")
    if not isinstance(dropped, list) or "ALL" not in [str(d).upper() for d in dropped]:
        yield Hit(
            "VIGIL-K8S-007",
            capabilities.line_of("drop") if "drop" in capabilities else line("capabilities"),
        )
    if own.get("readOnlyRootFilesystem") is not True:
        yield Hit("VIGIL-K8S-008", line("readOnlyRootFilesystem"))


def _run_as(own: YMap, line: Callable[[str], int], pod_context: YMap) -> Iterator[Hit]:
    """The container's own setting wins over the pod's: root is ``runAsUser: 0``, or neither
    a non-zero ``runAsUser`` nor ``runAsNonRoot: true`` (the image's user then decides)."""
    user_from = own if "runAsUser" in own else pod_context
    user_line = line if user_from is own else pod_context.line_of
    user = user_from.get("runAsUser")
    if user == 0 and not isinstance(user, bool):
        yield Hit("VIGIL-K8S-003", user_line("runAsUser"), "runAsUser: 0")
        return
    if isinstance(user, int) and not isinstance(user, bool) and user > 0:
        return
    flag_from = own if "runAsNonRoot" in own else pod_context
    flag_line = line if flag_from is own else pod_context.line_of
    if "runAsNonRoot" not in flag_from:
        yield Hit("VIGIL-K8S-003", line("runAsNonRoot"), "runAsNonRoot not set")
    elif flag_from["runAsNonRoot"] is not True:
        yield Hit("VIGIL-K8S-003", flag_line("runAsNonRoot"), "runAsNonRoot: false")
