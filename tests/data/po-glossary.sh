#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# po-glossary.sh PO
#
# Fails when a translation of PO does not use the seeds' word for a term of
# the call center (/work/shared/seeds: the handbook and the management
# system the app is modelled on). One term, one word, on every page and in
# every export: a callback is 재방문 on the floor and in the CSV alike.
set -euo pipefail

po=${1:?usage: po-glossary.sh PO}

# English term (extended regex, matched case-insensitively on the msgid and
# msgid_plural, "_" counting as a letter so API names like callback_attempt
# are not words) ; the seeds' word every such msgstr must have ; words that
# must not stand for it (extended regex, or empty). "On duty" (at work) is
# not the seeds' 당직: only the duty report, leader and holiday duty are.
# A supervisor is 감독자, as the role is named on every screen.
glossary='
(^|[^a-z_])call(ed|ing|s)?[- ]?backs?([^a-z_]|$);재방문;회신|콜백
(^|[^a-z_])shift[- ]leaders?([^a-z_]|$);반장;조장|팀장
(^|[^a-z_])hand-?overs?([^a-z_]|$);인수인계;
(^|[^a-z_-])(qa|quality inspect[a-z]*)([^a-z_]|$);품질검사;품질 검사
(^|[^a-z_])(duty[- ](reports?|leaders?)|holiday duty)([^a-z_]|$);당직;
(^|[^a-z_])swaps?([^a-z_]|$);교대;
(^|[^a-z_])supervisors?([^a-z_]|$);감독자;슈퍼바이저|수퍼바이저
'

# One entry a line: msgid (and plural) TAB msgstr(s), wrapping undone.
entries=$(msgcat --no-wrap --no-location "$po" | awk '
  function flush() {
    if (id != "" && !obsolete) print id "\t" str
    id = ""; str = ""; obsolete = 0; field = ""
  }
  /^#~/ { obsolete = 1; next }
  /^$/ { flush(); next }
  /^msgid_plural / { field = "id"; id = id " " substr($0, 15); next }
  /^msgid / { field = "id"; id = substr($0, 7); next }
  /^msgstr/ { field = "str"; sub(/^msgstr(\[[0-9]+\])? /, ""); str = str " " $0; next }
  /^"/ { if (field == "id") id = id $0; else if (field == "str") str = str $0; next }
  END { flush() }
')

tab=$'\t'
problems=0
while IFS=';' read -r term word forbidden; do
  [ -n "$term" ] || continue
  while IFS=$'\t' read -r msgid msgstr; do
    [ "$msgid" != '""' ] || continue
    # Search keywords list synonyms on purpose: a user may type either.
    [[ $msgid != *";"*";"*";"* ]] || continue
    # The QA abbreviation itself is how the seeds' centers write it too.
    if [ "$word" = 품질검사 ] && [[ $msgstr == *QA* ]] && [[ $msgstr != *"품질 검사"* ]]; then
      continue
    fi
    # Every 인계 part of 인수인계, not a word of its own.
    rest=${msgstr//"$word"/}
    if [[ $msgstr != *"$word"* ]] ||
       { [ "$word" = 인수인계 ] && [[ $rest == *인계* ]]; } ||
       { [ -n "$forbidden" ] && grep -qE "$forbidden" <<<"$msgstr"; }; then
      printf '%s: %s\n    msgid  %s\n    msgstr %s\n' "$po" "term “$word” wanted" "$msgid" "$msgstr" >&2
      problems=$((problems + 1))
    fi
  done < <(grep -iE -- "^[^$tab]*$term" <<<"$entries" || true)
done <<<"$glossary"

if [ "$problems" -gt 0 ]; then
  echo "$problems translations do not use the seeds' words (listed above)" >&2
  exit 1
fi
