#!/bin/sh
# Installs roadbook from its GitHub releases: picks the archive for this OS and CPU, checks it
# against the release's SHA256SUMS and puts the `roadbook` binary in ~/.local/bin (or --to).
#
#   curl -fsSL https://raw.githubusercontent.com/roadbook/roadbook/main/install.sh | sh
#   curl -fsSL https://raw.githubusercontent.com/roadbook/roadbook/main/install.sh | sh -s -- --to /usr/local/bin --version 0.2.0
#
# Options:
#   --to DIR        install into DIR (default: $ROADBOOK_INSTALL_DIR, else ~/.local/bin)
#   --version X.Y.Z install that release (default: $ROADBOOK_VERSION, else the latest release)
#   -h, --help      print this help
#
# Environment (besides the two defaults above):
#   ROADBOOK_DOWNLOAD_URL   where the releases are, default
#                           https://github.com/roadbook/roadbook/releases: files are fetched
#                           from <url>/download/v<version>/<file>, or for the latest release
#                           <url>/latest/download/<file>
#   ROADBOOK_INSTALL_OS     use instead of `uname -s` (Linux, Darwin)
#   ROADBOOK_INSTALL_ARCH   use instead of `uname -m` (x86_64, aarch64, arm64)
#
# Supported: Linux (x86_64, aarch64; static musl binaries, any distribution) and macOS
# (x86_64, Apple silicon). On Windows, download the .zip from the releases page. Needs curl or
# wget, tar, and sha256sum or shasum.
set -eu

default_url=https://github.com/roadbook/roadbook/releases

say() {
  printf '%s\n' "$*"
}

fail() {
  printf 'install.sh: error: %s\n' "$*" >&2
  exit 1
}

usage() {
  cat <<EOF
install.sh: installs the roadbook binary from a GitHub release, checked against SHA256SUMS.

usage: sh install.sh [--to DIR] [--version X.Y.Z]

  --to DIR         install into DIR (default: \$ROADBOOK_INSTALL_DIR, else ~/.local/bin)
  --version X.Y.Z  install that release (default: \$ROADBOOK_VERSION, else the latest)
  -h, --help       print this help

environment: ROADBOOK_DOWNLOAD_URL (default $default_url),
ROADBOOK_INSTALL_OS and ROADBOOK_INSTALL_ARCH (instead of uname -s and uname -m)
EOF
}

dir=${ROADBOOK_INSTALL_DIR:-}
version=${ROADBOOK_VERSION:-}
while [ "$#" -gt 0 ]; do
  case $1 in
    --to)
      [ "$#" -ge 2 ] || fail "--to needs a folder"
      dir=$2
      shift 2
      ;;
    --to=*)
      dir=${1#--to=}
      shift
      ;;
    --version)
      [ "$#" -ge 2 ] || fail "--version needs a version, e.g. --version 0.2.0"
      version=$2
      shift 2
      ;;
    --version=*)
      version=${1#--version=}
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      fail "unknown argument \`$1\` (try --help)"
      ;;
  esac
done

if [ -z "$dir" ]; then
  [ -n "${HOME:-}" ] || fail "HOME is not set: choose a folder with --to DIR"
  dir="$HOME/.local/bin"
fi
version=${version#v}
case $version in
  *[!0-9A-Za-z.+-]*) fail "\`$version\` is not a version (e.g. 0.2.0)" ;;
esac

# --- the platform ----------------------------------------------------------------------------

os=${ROADBOOK_INSTALL_OS:-$(uname -s)}
arch=${ROADBOOK_INSTALL_ARCH:-$(uname -m)}
supported="supported: Linux and macOS on x86_64 or aarch64 (arm64)"
case $os in
  Linux) os_part=unknown-linux-musl ;;
  Darwin) os_part=apple-darwin ;;
  MINGW* | MSYS* | CYGWIN* | Windows_NT)
    fail "this script does not install on Windows ($os): download roadbook-<version>-x86_64-pc-windows-msvc.zip from ${ROADBOOK_DOWNLOAD_URL:-$default_url} and put roadbook.exe on your PATH"
    ;;
  *) fail "no roadbook release for the operating system \`$os\` ($supported); build from source instead: cargo install --locked roadbook" ;;
esac
case $arch in
  x86_64 | amd64) arch_part=x86_64 ;;
  aarch64 | arm64) arch_part=aarch64 ;;
  *) fail "no roadbook release for the CPU \`$arch\` on $os ($supported); build from source instead: cargo install --locked roadbook" ;;
esac
target="$arch_part-$os_part"

# --- tools -----------------------------------------------------------------------------------

if command -v curl >/dev/null 2>&1; then
  fetch() { curl -fsSL --retry 2 -o "$2" "$1"; }
elif command -v wget >/dev/null 2>&1; then
  fetch() { wget -q -O "$2" "$1"; }
else
  fail "neither curl nor wget is installed"
fi
if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum "$1" | cut -d ' ' -f 1; }
elif command -v shasum >/dev/null 2>&1; then
  sha256() { shasum -a 256 "$1" | cut -d ' ' -f 1; }
else
  fail "neither sha256sum nor shasum is installed: cannot check the download"
fi
command -v tar >/dev/null 2>&1 || fail "tar is not installed"

# --- download and check ----------------------------------------------------------------------

url=${ROADBOOK_DOWNLOAD_URL:-$default_url}
url=${url%/}
if [ -n "$version" ]; then
  base="$url/download/v$version"
  which_release="roadbook $version"
else
  base="$url/latest/download"
  which_release="the latest roadbook release"
fi

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t roadbook)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

fetch "$base/SHA256SUMS" "$tmp/SHA256SUMS" || fail "cannot download $base/SHA256SUMS: is there $which_release?"

# `<hex>  <file>` lines (a `*` before the name marks binary mode).
names=$(awk '{ n = $2; sub(/^\*/, "", n); print n }' "$tmp/SHA256SUMS")
suffix="-$target.tar.gz"
archive=
for name in $names; do
  case $name in
    roadbook-*"$suffix")
      if [ -z "$version" ] || [ "$name" = "roadbook-$version$suffix" ]; then
        archive=$name
      fi
      ;;
  esac
done
[ -n "$archive" ] || fail "$which_release has no archive for $target (SHA256SUMS lists: $(echo "$names" | tr '\n' ' '))"
if [ -z "$version" ]; then
  version=${archive#roadbook-}
  version=${version%"$suffix"}
fi
expected=$(awk -v f="$archive" '{ n = $2; sub(/^\*/, "", n); if (n == f) print $1 }' "$tmp/SHA256SUMS" | tr 'A-F' 'a-f')

say "downloading $archive"
fetch "$base/$archive" "$tmp/$archive" || fail "cannot download $base/$archive"
actual=$(sha256 "$tmp/$archive" | tr 'A-F' 'a-f')
if [ "$actual" != "$expected" ]; then
  fail "checksum mismatch for $archive: SHA256SUMS says $expected, the download is $actual; refusing to install it"
fi
say "checked its SHA-256 against SHA256SUMS"

mkdir "$tmp/unpacked"
tar -xzf "$tmp/$archive" -C "$tmp/unpacked" || fail "cannot unpack $archive"
binary="$tmp/unpacked/roadbook-$version-$target/roadbook"
[ -f "$binary" ] || fail "$archive holds no roadbook-$version-$target/roadbook"

# --- install ---------------------------------------------------------------------------------

mkdir -p "$dir" || fail "cannot create $dir"
# Copy beside the old binary, then rename over it: a running roadbook is never half-written.
cp "$binary" "$dir/.roadbook.new.$$" || fail "cannot write to $dir"
chmod 755 "$dir/.roadbook.new.$$"
mv -f "$dir/.roadbook.new.$$" "$dir/roadbook" || fail "cannot install $dir/roadbook"
installed=$("$dir/roadbook" --version) || fail "$dir/roadbook was installed but does not run"
say "installed $installed to $dir/roadbook"

case ":${PATH:-}:" in
  *":$dir:"*) ;;
  *) say "$dir is not on your PATH; add it, e.g. in ~/.profile: export PATH=\"$dir:\$PATH\"" ;;
esac
