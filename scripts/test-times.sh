#!/usr/bin/env bash
# Prints how long each test class took in the last run, slowest first, from surefire's XML reports
# (integration classes run twice show once per store), then the total per module. With a file
# argument, only reports written after that file count (the run it marks).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shopt -s nullglob
reports=()
for report in "$ROOT"/*/target/surefire-reports/TEST-*.xml; do
  [[ -z "${1:-}" || "$report" -nt "$1" ]] && reports+=("$report")
done
[[ ${#reports[@]} -eq 0 ]] && { echo "test-times: no surefire reports" >&2; exit 0; }
times="$(mktemp)"
trap 'rm -f "$times"' EXIT
for report in "${reports[@]}"; do
  module="${report#"$ROOT"/}"; module="${module%%/*}"
  # The <testsuite ...> line carries the class, its time and its counts.
  grep -m1 -o '<testsuite [^>]*' "$report" | awk -v module="$module" -v file="${report##*/}" '
    function attr(name,   m) {
      if (match($0, " " name "=\"[^\"]*\"")) { m = substr($0, RSTART, RLENGTH); sub(/^[^"]*"/, "", m); sub(/"$/, "", m); return m }
      return ""
    }
    {
      store = file ~ /-postgresql\.xml$/ ? "postgresql" : ""
      name = attr("name"); sub(/.*\./, "", name)
      printf "%9.1f  %-8s %-36s %-10s %3d tests %s\n", attr("time"), module, name, store, attr("tests"),
        (attr("failures") + attr("errors") > 0 ? "FAILED" : "")
    }'
done | sort -rn > "$times"
echo "Test classes by time (seconds; two classes run at a time in it/):"
cat "$times"
awk '{ t[$2] += $1 } END { for (m in t) printf "%9.1f  %s (sum of its classes)\n", t[m], m }' "$times" | sort -rn
