#!/bin/sh
# Builds tools/govmomi-sim into <repo>/.cache/govmomi-sim/govmomi-sim from Debian's govmomi
# source (golang-go + golang-github-vmware-govmomi-dev), in GOPATH mode: no network, no modules.
# Skips the build when the binary is newer than main.go and this script.
# Usage: tools/govmomi-sim/build.sh  -> prints the binary path on stdout.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out_dir="${GOVMOMI_SIM_CACHE:-$repo/.cache/govmomi-sim}"
bin="$out_dir/govmomi-sim"
gopath=/usr/share/gocode

if ! command -v go >/dev/null 2>&1; then
  echo "govmomi-sim: 'go' not found; install the Debian packages golang-go and golang-github-vmware-govmomi-dev" >&2
  exit 3
fi
if [ ! -d "$gopath/src/github.com/vmware/govmomi/simulator" ]; then
  echo "govmomi-sim: $gopath/src/github.com/vmware/govmomi/simulator missing; install the Debian package golang-github-vmware-govmomi-dev" >&2
  exit 3
fi

if [ -x "$bin" ] && [ "$bin" -nt "$here/main.go" ] && [ "$bin" -nt "$here/build.sh" ]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$out_dir"
# GOPATH mode reads only /usr/share/gocode; the build cache goes next to the binary so that a
# read-only or unset HOME does not break CI.
GO111MODULE=off GOPATH="$gopath" GOCACHE="$out_dir/go-build" \
  go build -o "$bin.tmp" "$here/main.go" >&2
mv "$bin.tmp" "$bin"
echo "$bin"
