#!/usr/bin/env bash
# Installs what Kiln needs on a fresh machine of this kind: a JDK (17+), Maven, Node.js with npm
# (the web UI's build) and Python 3.10+ with venv (Python execution contexts, the Python SDK
# tests); with --browser also Debian's Chromium (the web UI's browser tests; the test command asks
# for it). Idempotent: installs only what is missing, as root directly or with sudo.
set -euo pipefail

need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
# The web UI's build (Vite 7) needs Node.js 20.19+: machines of this kind come with it.
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
# PySpark 4.2 needs Python 3.10+; Debian splits venv (ensurepip) into its own package.
command -v python3 >/dev/null 2>&1 || need+=(python3)
python3 -c 'import ensurepip' >/dev/null 2>&1 || need+=(python3-venv)
# Nodes run user code in a private view of the files (bubblewrap) and, as root, under accounts of
# their own that share DBFS through POSIX ACLs (acl).
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
command -v setfacl >/dev/null 2>&1 || need+=(acl)
if [[ "${1:-}" == "--browser" ]]; then
  [[ -x /usr/bin/chromium ]] || need+=(chromium)
fi
if [[ ${#need[@]} -gt 0 ]]; then
  echo "setup: installing ${need[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
