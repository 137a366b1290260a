"""Every rule of vigil's IaC and pipeline checks, in one registry.

A rule is metadata (id, title, severity, CWE, remediation, reference); the checks of each
file kind yield ``Hit``s naming a rule id and a line, and the scanner turns them into
findings. ``docs/scanning/iac.md`` lists the same table; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from vigil.model import Severity

C, H, M, L, INFO = (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO)


@dataclass(frozen=True, slots=True)
class Rule:
    """One check: ``id`` is stable (suppressions and baselines name it)."""

    id: str
    title: str
    severity: Severity
    cwe: int | None
    remediation: str
    reference: str


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule broken at a 1-based line; ``detail`` says what exactly (never a secret)."""

    rule_id: str
    line: int
    detail: str = ""


_DOCKER = "https://docs.docker.com/build/building/best-practices/"
_K8S = "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
_RBAC = "https://kubernetes.io/docs/concepts/security/rbac-good-practices/"
_TF_AWS = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs"
_CFN = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/security-best-practices.html"
_GHA = "https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions"
_GITLAB = "https://docs.gitlab.com/ee/ci/pipeline_security/"
_JENKINS = "https://www.jenkins.io/doc/book/pipeline/jenkinsfile/#string-interpolation"
_CODEBUILD = "https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html"
_SECRET_FIX = "Take it from a secret store at run time and rotate the exposed value."  # noqa: S105

# fmt: off
RULES: tuple[Rule, ...] = (
    # Dockerfile
    Rule("VIGIL-DOCKER-001", "Container runs as root", M, 250,
         "Add a USER instruction naming an unprivileged user after the last FROM.", _DOCKER),
    Rule("VIGIL-DOCKER-002", "Base image not pinned (latest or no tag)", M, 1104,
         "Pin the base image to a version tag, better to a digest (@sha256:…).", _DOCKER),
    Rule("VIGIL-DOCKER-003", "ADD fetches a remote URL", M, 829,
         "Download with curl/wget and verify a checksum, or COPY a vetted file.", _DOCKER),
    Rule("VIGIL-DOCKER-004", "Remote script piped into a shell", H, 494,
         "Download the script, verify its checksum or signature, then run it.", _DOCKER),
    Rule("VIGIL-DOCKER-005", "Secret in ENV or ARG", H, 798,
         "Use a build secret (RUN --mount=type=secret) or inject it at run time; image history"
         " keeps ENV and ARG values.",
         _DOCKER),
    Rule("VIGIL-DOCKER-006", "apt-get install without --no-install-recommends", L, None,
         "Add --no-install-recommends so only needed packages enter the image.", _DOCKER),
    Rule("VIGIL-DOCKER-007", "sudo used in the image build", M, 250,
         "Build steps already run as root; switch USER instead of using sudo.", _DOCKER),
    Rule("VIGIL-DOCKER-008", "SSH port 22 exposed", M, 284,
         "Do not run an SSH server in a container; use docker exec or kubectl exec.", _DOCKER),
    Rule("VIGIL-DOCKER-009", "No HEALTHCHECK", INFO, None,
         "Add a HEALTHCHECK so the runtime can restart an unhealthy container.", _DOCKER),
    Rule("VIGIL-DOCKER-010", "Whole build context copied while it holds secret files", M, 538,
         "List .env, keys and credential files in .dockerignore, or COPY only what the image "
         "needs.",
         _DOCKER),
    # Kubernetes
    Rule("VIGIL-K8S-001", "Privileged container", H, 250,
         "Remove securityContext.privileged or set it to false.", _K8S),
    Rule("VIGIL-K8S-002", "Privilege escalation allowed", M, 269,
         "Set securityContext.allowPrivilegeEscalation: false.", _K8S),
    Rule("VIGIL-K8S-003", "Container may run as root", M, 250,
         "Set runAsNonRoot: true and a non-zero runAsUser.", _K8S),
    Rule("VIGIL-K8S-004", "Pod shares a host namespace", H, 668,
         "Remove hostNetwork, hostPID and hostIPC.", _K8S),
    Rule("VIGIL-K8S-005", "hostPath volume", H, 668,
         "Use a persistentVolumeClaim, emptyDir or configMap instead of hostPath.", _K8S),
    Rule("VIGIL-K8S-006", "Dangerous capability added", H, 250,
         "Do not add SYS_ADMIN, NET_ADMIN, ALL or similar capabilities.", _K8S),
    Rule("VIGIL-K8S-007", "Capabilities not dropped", L, 250,
         "Set securityContext.capabilities.drop: [ALL] and add back only what is needed.", _K8S),
    Rule("VIGIL-K8S-008", "Root filesystem writable", L, 732,
         "Set securityContext.readOnlyRootFilesystem: true; mount emptyDir where writes are "
         "needed.",
         _K8S),
    Rule("VIGIL-K8S-009", "No CPU or memory limits", L, 770,
         "Set resources.limits.cpu and resources.limits.memory.", _K8S),
    Rule("VIGIL-K8S-010", "Image not pinned (latest or no tag)", M, 1104,
         "Pin the image to a version tag, better to a digest.", _K8S),
    Rule("VIGIL-K8S-011", "Secret as a literal env value", H, 798,
         "Use valueFrom.secretKeyRef and a Secret managed outside the manifest.", _K8S),
    Rule("VIGIL-K8S-012", "Service account token mounted automatically", L, 200,
         "Set automountServiceAccountToken: false unless the pod calls the API.", _K8S),
    Rule("VIGIL-K8S-013", "Object in the default namespace", L, None,
         "Give the workload its own namespace.", _K8S),
    Rule("VIGIL-K8S-014", "RBAC rule grants wildcard verbs or resources", H, 269,
         "List the exact verbs and resources the subject needs.", _RBAC),
    Rule("VIGIL-K8S-015", "Binding to cluster-admin", H, 269,
         "Bind a role with only the permissions needed.", _RBAC),
    # Terraform
    Rule("VIGIL-TF-001", "S3 bucket ACL is public", H, 732,
         "Use a private ACL (or none) and grant access through policies.", _TF_AWS),
    Rule("VIGIL-TF-002", "S3 bucket without a full public access block", M, 732,
         "Add aws_s3_bucket_public_access_block with all four settings true.", _TF_AWS),
    Rule("VIGIL-TF-003", "S3 bucket without server-side encryption configuration", L, 311,
         "Configure SSE with a KMS key (aws_s3_bucket_server_side_encryption_configuration).",
         _TF_AWS),
    Rule("VIGIL-TF-004", "S3 bucket without versioning", L, 693,
         "Enable versioning (aws_s3_bucket_versioning status Enabled).", _TF_AWS),
    Rule("VIGIL-TF-005", "SSH or RDP open to the internet", H, 284,
         "Restrict the source CIDR to known networks or use a bastion / SSM.", _TF_AWS),
    Rule("VIGIL-TF-006", "All ports open to the internet", H, 284,
         "Open only the ports the service needs, to the sources that need them.", _TF_AWS),
    Rule("VIGIL-TF-007", "Database publicly accessible", H, 284,
         "Set publicly_accessible = false and reach the database from inside the VPC.", _TF_AWS),
    Rule("VIGIL-TF-008", "Database storage not encrypted", M, 311,
         "Set storage_encrypted = true (with a KMS key).", _TF_AWS),
    Rule("VIGIL-TF-009", "IAM policy allows every action on every resource", H, 269,
         "Grant the specific actions on the specific resources needed.", _TF_AWS),
    Rule("VIGIL-TF-010", "Hard-coded credentials in a provider block", H, 798,
         "Use the provider's environment variables, a profile or an assumed role. " + _SECRET_FIX,
         _TF_AWS),
    Rule("VIGIL-TF-011", "EBS volume not encrypted", M, 311,
         "Set encrypted = true (or enable EBS encryption by default).", _TF_AWS),
    Rule("VIGIL-TF-012", "CloudTrail not logging every region", M, 778,
         "Set is_multi_region_trail = true and keep enable_logging true.", _TF_AWS),
    Rule("VIGIL-TF-013", "KMS key rotation disabled", M, 320,
         "Set enable_key_rotation = true.", _TF_AWS),
    Rule("VIGIL-TF-014", "Azure storage account accepts HTTP", H, 319,
         "Set https_traffic_only_enabled = true and min_tls_version = TLS1_2.",
         "https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer"),
    Rule("VIGIL-TF-015", "Azure blob storage publicly readable", H, 732,
         "Set allow_nested_items_to_be_public = false and container_access_type private.",
         "https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent"),
    Rule("VIGIL-TF-016", "GCS bucket open to allUsers or allAuthenticatedUsers", H, 732,
         "Grant roles to specific principals; enable public access prevention.",
         "https://cloud.google.com/storage/docs/public-access-prevention"),
    Rule("VIGIL-TF-017", "GKE legacy ABAC enabled", H, 284,
         "Set enable_legacy_abac = false and use RBAC.",
         "https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster"),
    # CloudFormation
    Rule("VIGIL-CFN-001", "S3 bucket ACL is public", H, 732,
         "Remove AccessControl PublicRead/PublicReadWrite; grant access through policies.", _CFN),
    Rule("VIGIL-CFN-002", "S3 bucket without a full public access block", M, 732,
         "Set PublicAccessBlockConfiguration with all four settings true.", _CFN),
    Rule("VIGIL-CFN-003", "S3 bucket without encryption configuration", L, 311,
         "Set BucketEncryption with SSE-KMS.", _CFN),
    Rule("VIGIL-CFN-004", "SSH or RDP open to the internet", H, 284,
         "Restrict CidrIp to known networks or use SSM Session Manager.", _CFN),
    Rule("VIGIL-CFN-005", "All ports open to the internet", H, 284,
         "Open only the ports needed, to the sources that need them.", _CFN),
    Rule("VIGIL-CFN-006", "Database publicly accessible", H, 284,
         "Set PubliclyAccessible: false.", _CFN),
    Rule("VIGIL-CFN-007", "Database storage not encrypted", M, 311,
         "Set StorageEncrypted: true.", _CFN),
    Rule("VIGIL-CFN-008", "IAM policy allows every action on every resource", H, 269,
         "Grant the specific actions on the specific resources needed.", _CFN),
    Rule("VIGIL-CFN-009", "Secret parameter without NoEcho", M, 200,
         "Set NoEcho: true, better resolve it from Secrets Manager ({{resolve:…}}).", _CFN),
    Rule("VIGIL-CFN-010", "Secret parameter with a plain-text default", H, 798,
         "Remove the Default; pass the value at deploy time or use a dynamic reference. "
         + _SECRET_FIX,
         _CFN),
    # GitHub Actions
    Rule("VIGIL-GHA-001", "Script injection from untrusted event data", H, 94,
         "Pass the value through env: and use \"$VAR\" in the script, never ${{ … }}.", _GHA),
    Rule("VIGIL-GHA-002", "Privileged trigger checks out untrusted pull request code", C, 829,
         "Do not check out the PR head in pull_request_target/workflow_run; use pull_request, "
         "or keep the checkout away from secrets and write tokens.",
         _GHA),
    Rule("VIGIL-GHA-003", "Third-party action not pinned to a commit SHA", M, 829,
         "Pin the action to a full 40-character commit SHA (keep the tag in a comment).", _GHA),
    Rule("VIGIL-GHA-004", "GitHub-owned action pinned to a tag", L, 829,
         "Pin to a full commit SHA for reproducibility.", _GHA),
    Rule("VIGIL-GHA-005", "Token permissions write-all", M, 732,
         "Declare the least permissions each job needs.", _GHA),
    Rule("VIGIL-GHA-006", "No top-level permissions", L, 732,
         "Add a top-level permissions block (e.g. contents: read).", _GHA),
    Rule("VIGIL-GHA-007", "Secret printed to the log", H, 532,
         "Never echo secrets; pass them through env: to the tool that needs them.", _GHA),
    Rule("VIGIL-GHA-008", "Insecure workflow commands enabled", H, 77,
         "Remove ACTIONS_ALLOW_UNSECURE_COMMANDS; use $GITHUB_ENV and $GITHUB_PATH.", _GHA),
    Rule("VIGIL-GHA-009", "Self-hosted runner on a public pull request trigger", H, 284,
         "Run untrusted pull requests on GitHub-hosted runners.", _GHA),
    # GitLab CI
    Rule("VIGIL-GITLAB-001", "Secret printed to the job log", H, 532,
         "Do not echo secrets; use masked and protected CI/CD variables.", _GITLAB),
    Rule("VIGIL-GITLAB-002", "Credential in plain variables", H, 798,
         "Move it to a masked, protected CI/CD variable or an external secret. " + _SECRET_FIX,
         _GITLAB),
    Rule("VIGIL-GITLAB-003", "Remote script piped into a shell", H, 494,
         "Download, verify a checksum, then run.", _GITLAB),
    Rule("VIGIL-GITLAB-004", "Job image not pinned (latest or no tag)", M, 1104,
         "Pin the image to a version tag, better to a digest.", _GITLAB),
    Rule("VIGIL-GITLAB-005", "Production deploy not restricted to protected refs", M, 284,
         "Add rules: limiting the job to the default branch or tags, or when: manual.", _GITLAB),
    # Jenkinsfile
    Rule("VIGIL-JENKINS-001", "Groovy interpolation of untrusted input into a shell", H, 78,
         "Use single-quoted sh '…' and refer to the value as a shell variable ($X).", _JENKINS),
    Rule("VIGIL-JENKINS-002", "Credential printed to the build log", H, 532,
         "Do not echo credentials; let the tool read them from the environment.", _JENKINS),
    Rule("VIGIL-JENKINS-003", "Hard-coded credential", H, 798,
         "Use credentials('id') or withCredentials. " + _SECRET_FIX, _JENKINS),
    # AWS CodeBuild
    Rule("VIGIL-CODEBUILD-001", "Credential in plain env variables", H, 798,
         "Use env.parameter-store or env.secrets-manager. " + _SECRET_FIX, _CODEBUILD),
    Rule("VIGIL-CODEBUILD-002", "Secret or whole environment printed to the log", H, 532,
         "Do not run printenv/env or echo secrets in build commands.", _CODEBUILD),
    Rule("VIGIL-CODEBUILD-003", "Build needs privileged mode", M, 250,
         "Avoid Docker-in-Docker; build images with a daemonless builder (kaniko, buildah).",
         _CODEBUILD),
)
# fmt: on

#: Rule id → rule.
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
