#!/usr/bin/env bash
# Installs what tests/QBroker.Kubernetes.Tests needs to validate k8s/ offline, idempotently (a second run changes
# nothing and takes a second):
#   kubectl   renders the kustomize base (`kubectl kustomize`); the machine's own if present, else Debian's
#             kubernetes-client unpacked into artifacts/k8s-tools (no system files touched)
#   node      runs the schema validator; the machine's own if present, else Debian's nodejs
#   kubernetes-models (npm, versions locked by tests/QBroker.Kubernetes.Tests/SchemaValidator/package-lock.json)
#             Kubernetes OpenAPI schemas for the required-field check, into artifacts/k8s-tools/node_modules
#   promtool  checks the Prometheus configuration and rules; from Debian's prometheus package
set -euo pipefail
cd "$(dirname "$0")/.."
tools="$(pwd)/artifacts/k8s-tools"
validator="tests/QBroker.Kubernetes.Tests/SchemaValidator"
mkdir -p "$tools/bin"

apt_updated=false
apt_install() {
  if [ "$apt_updated" = false ]; then
    apt-get update -qq
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

if ! command -v kubectl >/dev/null 2>&1 && [ ! -x "$tools/bin/kubectl" ]; then
  echo "provision-k8s-tools: kubectl from Debian's kubernetes-client, unpacked into $tools"
  download=$(mktemp -d)
  if [ "$apt_updated" = false ]; then apt-get update -qq; apt_updated=true; fi
  (cd "$download" && apt-get download -qq kubernetes-client)
  dpkg-deb -x "$download"/kubernetes-client_*.deb "$tools/kubernetes-client"
  ln -sf "$tools/kubernetes-client/usr/bin/kubectl" "$tools/bin/kubectl"
  rm -rf "$download"
fi

if ! command -v node >/dev/null 2>&1; then
  echo "provision-k8s-tools: node and npm from Debian"
  apt_install nodejs npm
fi

# Reinstall only when the locked versions changed since the last install.
if ! cmp -s "$validator/package-lock.json" "$tools/package-lock.json" || [ ! -f "$tools/node_modules/kubernetes-models/package.json" ]; then
  echo "provision-k8s-tools: kubernetes-models into $tools/node_modules"
  cp "$validator/package.json" "$validator/package-lock.json" "$tools/"
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
fi

if ! command -v promtool >/dev/null 2>&1; then
  echo "provision-k8s-tools: promtool from Debian's prometheus"
  apt_install prometheus
fi

echo "provision-k8s-tools: kubectl $( (command -v kubectl || echo "$tools/bin/kubectl") | head -1), node $(node --version), kubernetes-models $(node -p "require('$tools/node_modules/kubernetes-models/package.json').version"), $(promtool --version 2>&1 | head -1)"
