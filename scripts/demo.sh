#!/usr/bin/env bash
# `make run`: the main job on the embedded SQLite store — import real reports from several
# scanners, show what changed, apply the gate, write the HTML report.
set -uo pipefail
cd "$(dirname "$0")/.."
VIGIL=.venv/bin/vigil
SAMPLES=tests/data/samples
REPORTS=(
  "$SAMPLES/trivy/scheme_2_many_vulns.json"
  "$SAMPLES/anchore_grype/check_all_fields.json"
  "$SAMPLES/bandit/one_vuln.json"
  "$SAMPLES/gitleaks/gitleaks8_many.json"
  "$SAMPLES/zap/some_2.9.0.xml"
  "$SAMPLES/sarif/codeQL-output.sarif"
)
# An excerpt of CISA's Known Exploited Vulnerabilities catalog; in real use point this at the
# full catalog (https://www.cisa.gov/known-exploited-vulnerabilities-catalog).
export VIGIL_KEV_CATALOG="${VIGIL_KEV_CATALOG:-tests/data/kev/known_exploited_vulnerabilities.json}"
mkdir -p out
echo "== vigil import (product demo, branch main) =="
$VIGIL import --product demo --branch main "${REPORTS[@]}" || exit $?
echo
echo "== open critical and high findings =="
$VIGIL findings list --product demo --branch main --status open --severity high+ --limit 15
echo
echo "== vigil gate (default policy: no new critical/high, no secrets, no KEV) =="
$VIGIL gate --product demo --branch main | tail -n 12
gate=${PIPESTATUS[0]}
echo "(gate exit code: $gate — 0 pass, 1 policy failed, 2 bad input)"
echo
$VIGIL report --product demo --branch main --format html --output out/vigil-report.html
$VIGIL report --product demo --branch main --format sarif --output out/vigil.sarif
echo
echo "== vigil scan: vigil's own scanners (SAST, secrets, IaC) on a small vulnerable Flask app =="
$VIGIL scan tests/data/sast/apps/flask_shop --only sast,secrets,iac --product demo-app \
  --branch main --format html --output out/vigil-scan.html 2>&1 | grep -E "scanned|wrote"
echo
echo "Store:       ${VIGIL_DATABASE_URL:-$(.venv/bin/python -c 'from vigil.store.database import default_url; print(default_url())')}"
echo "HTML report: $(pwd)/out/vigil-report.html"
echo "SARIF:       $(pwd)/out/vigil.sarif"
echo "Scan report: $(pwd)/out/vigil-scan.html"
