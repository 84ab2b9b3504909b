#!/bin/sh
# Packs one release archive of roadbook, as the release workflow publishes it and install.sh
# and the Pages workflow unpack it:
#
#   roadbook-<version>-<target>.tar.gz   (.zip for a Windows target)
#   └── roadbook-<version>-<target>/
#       ├── roadbook                     (roadbook.exe on Windows)
#       ├── README.md
#       └── LICENSE
#
# Usage: archive.sh VERSION TARGET BINARY OUTDIR
# Writes the archive into OUTDIR (created if needed) and prints its path.
set -eu

if [ "$#" -ne 4 ]; then
  echo "usage: $0 VERSION TARGET BINARY OUTDIR" >&2
  exit 2
fi
version=$1
target=$2
binary=$3
outdir=$4

case $version in
  '' | v* | *[!0-9A-Za-z.+-]*)
    echo "error: version \`$version\` is not of the form 1.2.3 (no leading v)" >&2
    exit 2
    ;;
esac
case $target in
  '' | *[!0-9A-Za-z_.-]*)
    echo "error: target \`$target\` is not a target triple" >&2
    exit 2
    ;;
esac
case $target in
  *windows*) exe=roadbook.exe ext=zip ;;
  *) exe=roadbook ext=tar.gz ;;
esac
if [ ! -f "$binary" ]; then
  echo "error: no binary at $binary" >&2
  exit 2
fi

root=$(cd "$(dirname "$0")/../.." && pwd)
name="roadbook-$version-$target"
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir "$stage/$name"
cp "$binary" "$stage/$name/$exe"
chmod 755 "$stage/$name/$exe"
cp "$root/README.md" "$root/LICENSE" "$stage/$name/"

archive="$outdir/$name.$ext"
rm -f "$archive"
if [ "$ext" = zip ]; then
  # Windows runners have 7-Zip; elsewhere Info-ZIP's zip.
  if command -v 7z >/dev/null 2>&1; then
    (cd "$stage" && 7z a -tzip -bd -y "$archive" "$name" >/dev/null)
  else
    (cd "$stage" && zip -qr "$archive" "$name")
  fi
else
  tar -C "$stage" -czf "$archive" "$name"
fi
echo "$archive"
