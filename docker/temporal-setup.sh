#!/bin/sh
# Makes the Temporal namespace ready for Reelay: creates it when missing, then registers the search
# attributes the generation workflows set (all Keyword). Runs in temporalio/admin-tools once the
# server is up; the app containers start after it exits 0. What exists already is kept, so it runs
# on every `up`. An attribute that exists with another type makes it fail, and says so.
#
# From the service's environment: TEMPORAL_ADDRESS (host:port), TEMPORAL_NAMESPACE, and
# KEYWORD_SEARCH_ATTRIBUTES (names separated by spaces).
set -eu

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is not set}"
: "${TEMPORAL_NAMESPACE:?TEMPORAL_NAMESPACE is not set}"
: "${KEYWORD_SEARCH_ATTRIBUTES:?KEYWORD_SEARCH_ATTRIBUTES is not set}"

# retry "what" command...: a fresh server takes a few seconds to serve, and a new namespace a few
# more to be known everywhere
retry() {
  what=$1
  shift
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge 60 ]; then
      echo "gave up after 60 attempts: $what" >&2
      exit 1
    fi
    attempt=$((attempt + 1))
    sleep 2
  done
}

healthy() {
  temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1
}

namespace_ready() {
  temporal operator namespace describe -n "$TEMPORAL_NAMESPACE" --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1 \
    || temporal operator namespace create -n "$TEMPORAL_NAMESPACE" --address "$TEMPORAL_ADDRESS"
}

has_keyword() {
  temporal operator search-attribute list -n "$TEMPORAL_NAMESPACE" --address "$TEMPORAL_ADDRESS" 2>/dev/null \
    | grep -w "$1" | grep -qw Keyword
}

# listed on the namespace as a Keyword; if not, ask for it and look again
keyword_registered() {
  has_keyword "$1" && return 0
  temporal operator search-attribute create -n "$TEMPORAL_NAMESPACE" --address "$TEMPORAL_ADDRESS" \
    --name "$1" --type Keyword || true
  has_keyword "$1"
}

retry "Temporal at $TEMPORAL_ADDRESS to be healthy" healthy
retry "namespace $TEMPORAL_NAMESPACE" namespace_ready
echo "Namespace $TEMPORAL_NAMESPACE is ready"

for name in $KEYWORD_SEARCH_ATTRIBUTES; do
  retry "search attribute $name (Keyword) on $TEMPORAL_NAMESPACE" keyword_registered "$name"
  echo "Search attribute $name (Keyword) is registered on $TEMPORAL_NAMESPACE"
done
