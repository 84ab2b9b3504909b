#!/bin/sh
# Writes DIR/SHA256SUMS for the release archives in DIR (roadbook-*.tar.gz, roadbook-*.zip),
# in the format of `sha256sum` (`<hex>  <file name>`), sorted by file name. install.sh and
# the Pages workflow check downloads against it.
#
# Usage: sha256sums.sh DIR
set -eu

if [ "$#" -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 DIR (a folder holding the archives)" >&2
  exit 2
fi
cd "$1"
set -- roadbook-*.tar.gz roadbook-*.zip
files=
for f in "$@"; do
  [ -f "$f" ] && files="$files $f"
done
if [ -z "$files" ]; then
  echo "error: no roadbook-*.tar.gz or roadbook-*.zip in $PWD" >&2
  exit 1
fi
# shellcheck disable=SC2086 # the names come from the glob above and hold no spaces
if command -v sha256sum >/dev/null 2>&1; then
  sha256sum $files
else
  shasum -a 256 $files
fi | sort -k 2 >SHA256SUMS.tmp
mv SHA256SUMS.tmp SHA256SUMS
cat SHA256SUMS
