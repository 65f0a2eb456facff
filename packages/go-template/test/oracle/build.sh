#!/bin/sh
# Builds the Go text/template + sprig oracle used by test/differential.test.ts of this package.
# Needs the Debian packages golang-go and golang-github-masterminds-sprig-dev (GOPATH mode, no
# network). Output: <package>/.cache/go-template-oracle/oracle; skipped when newer than its sources.
# Prints the binary path on success.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pkg=$(cd "$here/../.." && pwd)
out_dir="$pkg/.cache/go-template-oracle"
bin="$out_dir/oracle"

if ! command -v go >/dev/null 2>&1; then
  echo "go-template-oracle: 'go' not found; install Debian packages golang-go golang-github-masterminds-sprig-dev" >&2
  exit 2
fi
if [ ! -d /usr/share/gocode/src/github.com/Masterminds/sprig ] && [ ! -d /usr/share/gocode/src/github.com/Masterminds/sprig/v3 ]; then
  echo "go-template-oracle: sprig not found; install Debian package golang-github-masterminds-sprig-dev" >&2
  exit 2
fi

if [ -x "$bin" ] && [ -z "$(find "$here" -name '*.go' -newer "$bin" 2>/dev/null)" ] && [ "$bin" -nt "$here/build.sh" ]; then
  echo "$bin"
  exit 0
fi

mkdir -p "$out_dir"
gopath="$out_dir/gopath"
rm -rf "$gopath"
mkdir -p "$gopath/src/oracle/v1beta1"
cp "$here/main.go" "$gopath/src/oracle/"
# Debian may ship sprig v3 under its module path (.../sprig/v3); import whichever exists.
if [ -d /usr/share/gocode/src/github.com/Masterminds/sprig/v3 ]; then
  sed -i 's#"github.com/Masterminds/sprig"#"github.com/Masterminds/sprig/v3"#' "$gopath/src/oracle/main.go"
fi
cp "$here/v1beta1/types.go" "$gopath/src/oracle/v1beta1/"
cd "$gopath/src/oracle"
GO111MODULE=off GOPATH="/usr/share/gocode:$gopath" GOCACHE="${GOCACHE:-$out_dir/gocache}" GOFLAGS= \
  go build -o "$bin.tmp" .
mv "$bin.tmp" "$bin"
echo "$bin"
