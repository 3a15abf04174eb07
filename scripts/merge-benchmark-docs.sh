#!/usr/bin/env bash
# Rebuilds docs/benchmarks.md from the per-area figure files (docs/benchmarks-*.md), which each area keeps up to date
# with the commands that produced its figures.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  echo "# Benchmarks"
  echo
  echo "Every figure below comes with the command that produced it. These machines are shared and noisy: compare the"
  echo "ratios against the baseline measured in the same run, not absolute times across runs. Each section is kept in"
  echo "its own file (\`docs/benchmarks-<area>.md\`) and merged here by \`scripts/merge-benchmark-docs.sh\`."
  for area in backends qasm scheduling qkd broker qkd-links telemetry cluster; do
    file="docs/benchmarks-$area.md"
    [ -f "$file" ] || continue
    echo
    # Demote headings one level so each area is a section of this page.
    sed -e 's/^#/##/' "$file"
  done
} > docs/benchmarks.md
