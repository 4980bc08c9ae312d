#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the last release whose engines allow Node 20) into this
# folder, offline apart from the npm registry. Needs the apt packages libkrb5-dev, pkg-config and ripgrep.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

if [ -x node_modules/.bin/code-server ] && node_modules/.bin/code-server --version 2>/dev/null | grep -q '^4\.100\.3 '; then
  echo "code-server 4.100.3 already installed in $here"
  exit 0
fi

# @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here; it first looks for the
# release tarball in this cache, so we hand it Debian's rg under the name it expects.
rg_bin="$(command -v rg || true)"
if [ -z "$rg_bin" ]; then
  echo "ripgrep is not installed: run 'apt-get install ripgrep' first." >&2
  exit 1
fi
cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
tarball="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$tarball" ]; then
  mkdir -p "$cache"
  staging="$(mktemp -d)"
  cp "$rg_bin" "$staging/rg"
  tar -czf "$tarball" -C "$staging" rg
  rm -rf "$staging"
fi

# As root, code-server's postinstall refuses to run without unsafe-perm (npm 11 has no flag for it), and
# node-pty's postinstall runs `npx node-gyp`, which cancels without a TTY unless told yes.
export npm_config_unsafe_perm=true npm_config_yes=true
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi
node_modules/.bin/code-server --version
