#!/usr/bin/env bash
# `npm start`: on a fresh machine, installs and builds, then opens the extension in the sample workspace
# with the bundled default model: in desktop VS Code where `code` is installed, else in code-server
# (installed on first use) in the browser, printing the URL.
# EXPLAIN_LAUNCH_DRY=1 prints the npm, build and launch steps instead of running them (for its tests).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

step() {
  if [ "${EXPLAIN_LAUNCH_DRY:-}" = 1 ]; then echo "would run: $*"; else "$@"; fi
}

# code-server builds native modules against Kerberos (libkrb5-dev, pkg-config) and needs ripgrep: checked
# before anything is installed, so a missing system package stops the start at once with what to do.
if ! command -v code >/dev/null 2>&1; then
  packages=(libkrb5-dev pkg-config ripgrep)
  if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    missing=()
    command -v pkg-config >/dev/null 2>&1 || missing+=("pkg-config")
    command -v rg >/dev/null 2>&1 || missing+=("ripgrep (rg)")
    { command -v krb5-config >/dev/null 2>&1 || pkg-config --exists krb5-gssapi 2>/dev/null; } || missing+=("the Kerberos development files (krb5-config / krb5-gssapi.pc)")
    if [ "${#missing[@]}" -gt 0 ]; then
      {
        echo "npm start runs the extension in code-server here, as desktop VS Code ('code') is not installed."
        echo "This is not a Debian system (no dpkg/apt-get), so it cannot install what code-server needs:"
        printf '  - %s\n' "${missing[@]}"
        echo "Install those with your system's package manager (Fedora: krb5-devel pkgconf ripgrep; macOS: brew install krb5 pkg-config ripgrep),"
        echo "or install desktop VS Code and run npm start again."
      } >&2
      exit 1
    fi
  else
    missing=()
    for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    if [ "${#missing[@]}" -gt 0 ]; then
      cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
      echo "code-server (used because desktop VS Code is not installed) needs these Debian packages: ${missing[*]}" >&2
      if [ "$(id -u)" != 0 ] || [ ! -t 0 ] || [ ! -t 1 ]; then
        [ "$(id -u)" = 0 ] || cmd="sudo sh -c '$cmd'"
        echo "Install them with:" >&2
        echo "  $cmd" >&2
        echo "then run npm start again." >&2
        exit 1
      fi
      read -r -p "Install them now with apt-get? [y/N] " answer
      case "$answer" in
        y | Y | yes | YES) apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" ;;
        *)
          echo "Not installed. To install them yourself: $cmd" >&2
          exit 1
          ;;
      esac
    fi
  fi
fi

# A node_modules behind the lockfile (a pull that changed dependencies) is refreshed, not trusted: when the
# lockfile is newer, npm's own record of what it installed (node_modules/.package-lock.json) is compared
# with it, package by package (a checkout alone makes the lockfile newer without changing it).
# onnxruntime-node's install script would download CUDA binaries; the CPU binary ships in its tarball.
stale_modules() {
  [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] && return 0
  [ package-lock.json -nt node_modules/.package-lock.json ] || return 1
  node -e '
    const want = require("./package-lock.json").packages, have = require("./node_modules/.package-lock.json").packages;
    const behind = Object.keys(want).filter((k) => k.startsWith("node_modules/") && (have[k] ? have[k].version !== want[k].version : !want[k].optional));
    if (behind.length) console.error(`node_modules is behind package-lock.json (${behind.slice(0, 3).map((k) => k.slice(13)).join(", ")}${behind.length > 3 ? ", ..." : ""}): reinstalling.`);
    process.exit(behind.length ? 0 : 1);'
}
if stale_modules; then
  step env ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
fi
step npm run build
step npm run bundle

if command -v code >/dev/null 2>&1; then
  if [ "${EXPLAIN_LAUNCH_DRY:-}" = 1 ]; then step code --extensionDevelopmentPath="$PWD" "$PWD/sample-workspace"; exit 0; fi
  exec code --extensionDevelopmentPath="$PWD" "$PWD/sample-workspace"
fi
step bash test/vscode/code-server/install.sh
if [ "${EXPLAIN_LAUNCH_DRY:-}" = 1 ]; then step node out/test/vscode/launch.js; exit 0; fi
exec node out/test/vscode/launch.js
