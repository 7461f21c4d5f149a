#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# po-complete.sh PO [SRCROOT]
#
# Fails when PO has a fuzzy or untranslated message. With SRCROOT, PO is first
# merged with a template extracted from SRCROOT/po/POTFILES.in, so a string
# added to the sources without a translation fails too, and so does a file
# with translatable strings that POTFILES.in does not list (or a listed file
# that does not exist).
set -euo pipefail

po=${1:?usage: po-complete.sh PO [SRCROOT]}
srcroot=${2:-}
# Problems go last: meson shows only the end of a long log.
problems=()

tmp=$(mktemp -d "${TMPDIR:-/tmp}/po-complete.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

msgfmt --check -o /dev/null "$po"

if [ -n "$srcroot" ]; then
  potfiles="$srcroot/po/POTFILES.in"
  : >"$tmp/files"
  while IFS= read -r f; do
    case $f in ''|'#'*) continue ;; esac
    if [ -e "$srcroot/$f" ]; then
      printf '%s\n' "$f" >>"$tmp/files"
    else
      problems+=("po/POTFILES.in lists a missing file: $f")
    fi
  done <"$potfiles"

  # Sources with translatable strings that the template would not see.
  while IFS= read -r f; do
    f=${f#"$srcroot"/}
    if ! grep -qxF "$f" <(grep -v '^#' "$potfiles"); then
      problems+=("po/POTFILES.in does not list $f, which has translatable strings")
    fi
  done < <(grep -rlE --include='*.c' '\b(N?C?_|g_dngettext|ngettext)\(' "$srcroot/app" 2>/dev/null;
           grep -rl --include='*.ui' 'translatable="yes"' "$srcroot/ui" 2>/dev/null)

  # The same keywords as meson's i18n.gettext(preset: 'glib').
  (cd "$srcroot" && xgettext --files-from="$tmp/files" --output="$tmp/all.pot" \
     --from-code=UTF-8 --add-comments --package-name=floorboard \
     --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
     --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
     --force-po)
  msgmerge --quiet --no-fuzzy-matching --output-file="$tmp/merged.po" "$po" "$tmp/all.pot"
  check=$tmp/merged.po
else
  check=$po
fi

untranslated=$(msgattrib --untranslated --no-obsolete --no-wrap "$check")
fuzzy=$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$check")

if [ -n "$untranslated" ]; then
  echo "Untranslated messages:" >&2
  printf '%s\n' "$untranslated" | grep -E '^(#:|msgctxt|msgid)' >&2
  problems+=("$po has untranslated messages (listed above)")
fi
if [ -n "$fuzzy" ]; then
  echo "Fuzzy messages:" >&2
  printf '%s\n' "$fuzzy" | grep -E '^(#:|msgctxt|msgid)' >&2
  problems+=("$po has fuzzy messages (listed above)")
fi

msgfmt --statistics -o /dev/null "$check"
if [ ${#problems[@]} -gt 0 ]; then
  printf '%s\n' "${problems[@]}" >&2
  if [ -n "$srcroot" ]; then
    echo "To update it: ninja -C BUILDDIR floorboard-update-po, then translate." >&2
  fi
  exit 1
fi
