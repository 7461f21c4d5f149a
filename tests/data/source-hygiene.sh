#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# source-hygiene.sh SRCDIR
#
# Fails when a source file lacks its SPDX licence line in its first lines,
# when a comment points at something a reader of the tree cannot open (an
# issue number of a tracker that is not in the tree), or when a C file under
# app/ grows past the size at which it should be cut in two
# (docs/ARCHITECTURE.md says where the seams are).
set -euo pipefail

srcdir=${1:?usage: source-hygiene.sh SRCDIR}
cd "$srcdir"
status=0

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard \
    '*.c' '*.h' '*.ui' '*.py' '*.sh' 'meson.build' '*/meson.build' 'build-aux/*' '.ci/*' |
    grep -v '^tests/data/tls/' | sort -u)
else
  mapfile -t files < <(find app tests ui build-aux .ci data po resources meson.build \
    -type f \( -name '*.c' -o -name '*.h' -o -name '*.ui' -o -name '*.py' -o -name '*.sh' \
    -o -name meson.build -o -path 'build-aux/*' -o -path '.ci/*' \) | grep -v '^tests/data/tls/' | sort)
fi

for f in "${files[@]}"; do
  [ -f "$f" ] || continue
  # Binary or data files under build-aux (suppressions, lists) are not code.
  case "$f" in *.supp|*.txt|*.json|*.xml|*.in) continue ;; esac
  if ! head -n 3 "$f" | grep -q 'SPDX-License-Identifier:'; then
    echo "$f: no SPDX-License-Identifier line in its first three lines"
    status=1
  fi
done

if grep -rnE '\(issue [0-9]+\)|issue #?[0-9]+|issues? [0-9]+ and [0-9]+' app tests --include='*.c' --include='*.h' --include='*.ui'; then
  echo "comments above cite issue numbers a reader of the tree cannot open"
  status=1
fi

while read -r lines f; do
  [ "$f" = total ] && continue
  if [ "$lines" -gt 1300 ]; then
    echo "$f: $lines lines; cut it along its seams (about 1,200 at most)"
    status=1
  fi
done < <(find app -name '*.c' -print0 | xargs -0 wc -l)

exit $status
