#!/usr/bin/env bash
# The step of action.yml that runs cfreport: annotations and the job summary from
# `--format github`, cfreport.sarif beside them, and cfreport's own errors (nothing to read, a
# bad argument) as annotations rather than a bare exit code.
# Inputs: CFREPORT_FILES, CFREPORT_ARGS, CFREPORT_SARIF, CFREPORT_ALLOW_EMPTY. The exit code goes
# to $GITHUB_OUTPUT as exit-code. Plain bash, so the tests run it with the GITHUB_* variables
# pointed at a temporary folder.
set -uo pipefail

read -r -a files <<< "${CFREPORT_FILES:-}"
read -r -a args <<< "${CFREPORT_ARGS:-}"
out="$(mktemp)"
errors="$(mktemp)"

annotate() {  # level, message: one workflow command, its data escaped as GitHub requires
  local message="${2//%/%25}"
  echo "::$1 title=cfreport::${message//$'\r'/%0D}"
}

cfreport validate "${files[@]}" --format github "${args[@]}" > "$out" 2> "$errors"
code=$?
cat "$out"
cat "$errors" >&2

empty="no .xlsx or .xlsm workbook in this folder|no workbook matches this pattern|file not found"
if [ "$code" -eq 2 ] && [ "${CFREPORT_ALLOW_EMPTY:-true}" = "true" ] \
    && ! grep -q "^::" "$out" && grep -Eq "$empty" "$errors"; then
  annotate warning "No submissions to check yet: $(sed -n 's/^cfreport: //p' "$errors" | head -n 1)"
  code=0
elif [ "$code" -eq 2 ] && ! grep -q "^::error" "$out"; then
  while IFS= read -r line; do
    case "$line" in "cfreport: "*) annotate error "${line#cfreport: }" ;; esac
  done < "$errors"
fi

if [ "${CFREPORT_SARIF:-true}" = "true" ]; then
  cfreport validate "${files[@]}" --format sarif --output cfreport.sarif "${args[@]}" 2> /dev/null
fi

echo "exit-code=$code" >> "${GITHUB_OUTPUT:-/dev/null}"
rm -f "$out" "$errors"
exit 0
