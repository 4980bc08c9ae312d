#!/usr/bin/env bash
# `npm start`: on a fresh machine, installs and builds, then opens the extension in the sample workspace
# with the bundled default model: in desktop VS Code where `code` is installed, else in code-server
# (installed on first use) in the browser, printing the URL.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

# onnxruntime-node's install script would download CUDA binaries; the CPU binary ships in its tarball.
[ -d node_modules ] || ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
npm run build
npm run bundle

if command -v code >/dev/null 2>&1; then
  exec code --extensionDevelopmentPath="$PWD" "$PWD/sample-workspace"
fi

# code-server builds native modules (libkrb5-dev, pkg-config) and needs Debian's ripgrep; install them if we can.
missing=()
for p in libkrb5-dev pkg-config ripgrep; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  else
    echo "code-server needs these packages: ${missing[*]} (sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi
bash test/vscode/code-server/install.sh
exec node out/test/vscode/launch.js
