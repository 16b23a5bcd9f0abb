#!/usr/bin/env bash
# Shows that the build is reproducible: builds the jars twice from clean (in a temporary copy of this checkout)
# and compares every jar byte for byte. Jars are stamped with project.build.outputTimestamp (pom.xml) and
# packed in a fixed order, so two builds of the same sources are identical. Exit 0 when they are.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git -C "$here" ls-files -z | (cd "$here" && xargs -0 tar -cf - ) | (mkdir -p "$work/src" && tar -xf - -C "$work/src")
build() {
  (cd "$work/src" && mvn -B -q -o clean package -DskipTests -DskipITs >"$work/build-$1.log" 2>&1) \
    || { echo "build $1 failed; see $work/build-$1.log"; tail -20 "$work/build-$1.log"; exit 1; }
  (cd "$work/src" && find . -path '*/target/*.jar' -not -path '*/target/lib/*' -print0 | sort -z \
    | xargs -0 sha256sum) >"$work/sums-$1"
}
build 1
sleep 2   # a different wall clock for the second build
build 2
n=$(wc -l <"$work/sums-1")
if diff "$work/sums-1" "$work/sums-2" >/dev/null; then
  echo "reproducible: $n jars byte-identical in two clean builds"
else
  echo "NOT reproducible:"; diff "$work/sums-1" "$work/sums-2" || true; exit 1
fi
