#!/usr/bin/env bash
# Installs PyTorch for the benchmark scripts: Debian's python3-torch, used with /usr/bin/python3 (not a pyenv
# python), and OpenBLAS for it (libopenblas0-openmp). Debian's torch does its matrix products through
# libblas.so.3, which without OpenBLAS is the reference BLAS (about 4 GFLOP/s here, 20-30x slower); installing
# libopenblas0-openmp makes OpenBLAS the system's libblas.so.3 alternative (only Debian-packaged programs use
# it; pyenv's NumPy brings its own OpenBLAS). The OpenMP variant follows torch.set_num_threads.
# Idempotent: installs only what is missing. For benchmark machines only; CI never calls this (the Java build and
# tests need no Python).
set -euo pipefail
PY=/usr/bin/python3
have_torch() { [ -x "$PY" ] && "$PY" -c 'import torch' >/dev/null 2>&1; }
have_openblas() { dpkg-query -W -f='${Status}' libopenblas0-openmp 2>/dev/null | grep -q 'install ok installed'; }

missing=()
have_torch || missing+=(python3-torch)
have_openblas || missing+=(libopenblas0-openmp)
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            SUDO="sudo"
        else
            echo "install-torch.sh: not root and no sudo; install ${missing[*]} with apt-get as root" >&2
            exit 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    # waits for the dpkg lock if another install is running
    if ! apt-cache show "${missing[@]}" >/dev/null 2>&1; then
        $SUDO apt-get -o DPkg::Lock::Timeout=600 update
    fi
    $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
fi
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)
case "$blas" in
    *openblas*) ;;
    *) echo "install-torch.sh: warning: libblas.so.3 is $blas, not OpenBLAS; torch's matrix products will be slow" \
            "(update-alternatives --config libblas.so.3-x86_64-linux-gnu)" >&2 ;;
esac
echo "torch $("$PY" -c 'import torch; print(torch.__version__)') for $PY, BLAS ${blas:-unknown}"
