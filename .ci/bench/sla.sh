# The SLA recompute part of .ci/bench-cases (issue 32): on the loaded dataset with the platform running,
# one policy edit on the served entity with the most open cases, made through the administrators' API
# (PUT /api/v1/admin/config/sla as its `admin-entidad`, If-Match), the full recompute it causes timed
# (the platform's log line `Full SLA recompute of <slug> at <marker>: <n> rows changed in <ms> ms`, and
# the wall time from the PUT's answer to the recompute mark), then the exact revert (the original document
# PUT back) timed the same way, and the open cases whose due dates did not come back to their values
# before the edit counted (expected 0: decision 0022, "The 331 cases"). Sourced by .ci/bench-cases; runs
# only with MESA_BENCH_PARTS containing "sla" (not in "all"); MESA_BENCH_SLA_TENANT=<slug> picks the
# entity. The platform's case sweeps then start 5 s after start-up at their default interval, and the check
# that starts a recompute when an entity's data changed (CaseSweeps.recomputeChanged, every 2 s by default)
# with them (other background jobs stay
# deferred); run it apart from "spread", whose new entities would each get a first full recompute.
# The count compares with the values before the edit: it means something only when those are the engine's.
# Rows written outside the platform since the entity's last full recompute (e.g. .ci/bench/ceiling.pgbench's,
# with placeholder due dates) get engine values from the edit's recompute and count as "off" after the
# revert; run the part a second time then (docs/benchmarks.md, issue 32, third session). The first 200
# cases found off are saved to platform/target/bench/sla-off.txt. MESA_BENCH_SLA_WARMUP=1: one edit and its
# revert first, not timed (the first recompute after start-up also pays the JIT's compiling).

sla_on() { [[ " $PARTS " == *" sla "* ]]; }

# Before the platform starts: the sweeps and the recompute check from 5 s after start-up, at their defaults (as
# deployed: a recompute starts at most one check interval after an edit).
sla_background() {
  sla_on || return 0
  ! spread_on || mesa_die "MESA_BENCH_PARTS: run sla apart from spread (each new entity's first recompute would run beside it)"
  BACKGROUND_OPTS=(-Dmesa.cases.sweeps.initial-delay=5s
                   -Dmesa.mail.dispatch-initial-delay=2h -Dmesa.mail.poll-initial-delay=2h)
}

SLA_LOG=$OUT/sla.tsv
# sla_wait_mark TENANT_ID REVISION: until the tenant's recompute mark is at that revision (not suspended).
sla_wait_mark() {
  local deadline=$((SECONDS + ${MESA_BENCH_SLA_TIMEOUT:-1800}))
  until [ "$(sql_value "SELECT marker FROM sla_recompute_mark WHERE tenant_id = '$1'")" = "$2/false" ]; do
    [ $SECONDS -lt $deadline ] || mesa_die "sla: no recompute mark $2/false for tenant $1 within ${MESA_BENCH_SLA_TIMEOUT:-1800} s"
    sleep 0.2
  done
}
sla_revision() { sql_value "SELECT config_revision FROM tenant WHERE id = '$1'"; }
# The log line of the recompute at a marker: "<rows> <ms>".
sla_logged() {
  grep -a "Full SLA recompute of $1 at $2/false:" "$OUT/platform.log" | tail -n 1 \
    | sed -E 's/.*: ([0-9]+) rows changed in ([0-9]+) ms.*/\1 \2/'
}
sla_put() { # sla_put HOST TOKEN VERSION FILE -> prints the HTTP status; the answer in $OUT/sla-put.json
  curl -sS -o "$OUT/sla-put.json" -w '%{http_code}' --max-time 120 -X PUT -H "Host: $1" -H "Authorization: Bearer $2" \
    -H 'Content-Type: application/json' -H "If-Match: \"$3\"" --data-binary "@$4" "http://127.0.0.1:$APP_PORT/api/v1/admin/config/sla"
}
# Open cases of the snapshot whose due dates differ now from before the edit.
sla_moved() {
  sql_value "SELECT count(*) FROM bench_sla_before b JOIN service_case c ON c.tenant_id = '$1' AND c.id = b.id \
    WHERE c.closed_at IS NULL AND (c.response_due_at, c.resolution_due_at) IS DISTINCT FROM (b.response_due_at, b.resolution_due_at)"
}

sla_measure() {
  sla_on || return 0
  command -v jq >/dev/null 2>&1 || mesa_apt_install jq
  local slug id realm open host tok version rev1 rev2 t0 wall1 wall2 moved1 back closed logged1 logged2 status
  local only=${MESA_BENCH_SLA_TENANT:-} other
  [ -z "$only" ] || [[ $only =~ ^[a-z0-9-]+$ ]] || mesa_die "MESA_BENCH_SLA_TENANT is a slug"
  read -r slug id realm open < <(sql_value "SELECT t.slug || ' ' || t.id || ' ' || t.realm || ' ' || count(*) \
    FROM service_case c JOIN tenant t ON t.id = c.tenant_id WHERE c.closed_at IS NULL \
    AND EXISTS (SELECT FROM tenant_config_version v WHERE v.tenant_id = t.id) AND ('$only' = '' OR t.slug = '$only') \
    GROUP BY t.slug, t.id, t.realm ORDER BY count(*) DESC LIMIT 1")
  [ -n "${slug:-}" ] || mesa_die "sla: no served entity ${only:+named $only }with open cases"
  host=$slug.localhost
  mesa_log "R. SLA recompute on $slug ($open open cases${only:+, MESA_BENCH_SLA_TENANT}; else the served entity with the most); waiting until no entity has a recompute pending"
  # The sweeps recompute one entity after another: wait until none is pending, so the edit's is timed alone.
  for other in $(sql_value "SELECT t.id FROM tenant t WHERE EXISTS (SELECT FROM tenant_config_version v WHERE v.tenant_id = t.id)"); do
    sla_wait_mark "$other" "$(sla_revision "$other")"
  done
  [ "$realm" = "$FP" ] || SLA_REALM=$realm
  timeout 600 java -cp "$CP" co.mesa.bench.BenchKeycloak ensure-client "${KC_ARGS[@]}" --realms="$realm" --users=admin-entidad
  tok=$(timeout 60 java -cp "$CP" co.mesa.bench.BenchKeycloak token "${KC_ARGS[@]}" --realm="$realm" --username=admin-entidad)
  status=$(curl -sS -o "$OUT/sla-before.json" -w '%{http_code}' --max-time 60 -H "Host: $host" -H "Authorization: Bearer $tok" \
    "http://127.0.0.1:$APP_PORT/api/v1/admin/config/sla")
  [ "$status" = 200 ] || { cat "$OUT/sla-before.json" >&2; mesa_die "sla: GET /api/v1/admin/config/sla on $host answered $status"; }
  version=$(jq -r .version "$OUT/sla-before.json")
  jq .content "$OUT/sla-before.json" >"$OUT/sla-original.json"
  # The edit: one policy's resolution targets given as a duration move to 3 hours (4 if they are 3 already).
  # The policy: MESA_BENCH_SLA_POLICY, else the catch-all one (appliesTo {}) when its resolution is a
  # duration, else the first whose resolution is.
  SLA_POLICY=${MESA_BENCH_SLA_POLICY:-$(jq -r '[.policies[] | select(any(.targets[]; (.resolution | type) == "string"))]
      | ((map(select((.appliesTo // {}) == {})) + .)[0].key) // empty' "$OUT/sla-original.json")}
  [ -n "$SLA_POLICY" ] || mesa_die "sla: no policy of $slug has a resolution target given as a duration"
  jq --arg k "$SLA_POLICY" '.policies |= map(if .key == $k then .targets |= map(if (.resolution | type) == "string"
        then .resolution = (if .resolution == "PT3H" then "PT4H" else "PT3H" end) else . end) else . end)' \
    "$OUT/sla-original.json" >"$OUT/sla-edited.json"
  ! cmp -s <(jq -S . "$OUT/sla-original.json") <(jq -S . "$OUT/sla-edited.json") \
    || mesa_die "sla: policy $SLA_POLICY of $slug has no resolution target to edit"
  if [ "${MESA_BENCH_SLA_WARMUP:-0}" = 1 ]; then
    # As in a platform that has been running: the recompute's code compiled by the JIT before the timed edit.
    mesa_log "sla: one edit and its revert first, not timed (MESA_BENCH_SLA_WARMUP=1)"
    status=$(sla_put "$host" "$tok" "$version" "$OUT/sla-edited.json")
    [ "$status" = 200 ] || { cat "$OUT/sla-put.json" >&2; mesa_die "sla: the warm-up edit answered $status"; }
    version=$(jq -r .version "$OUT/sla-put.json")
    sla_wait_mark "$id" "$(sla_revision "$id")"
    status=$(sla_put "$host" "$tok" "$version" "$OUT/sla-original.json")
    [ "$status" = 200 ] || { cat "$OUT/sla-put.json" >&2; mesa_die "sla: the warm-up revert answered $status"; }
    version=$(jq -r .version "$OUT/sla-put.json")
    sla_wait_mark "$id" "$(sla_revision "$id")"
    tok=$(timeout 60 java -cp "$CP" co.mesa.bench.BenchKeycloak token "${KC_ARGS[@]}" --realm="$realm" --username=admin-entidad)
  fi
  psql_pg -d "$DB" -c "DROP TABLE IF EXISTS bench_sla_before" \
    -c "CREATE UNLOGGED TABLE bench_sla_before AS SELECT id, response_due_at, resolution_due_at FROM service_case \
        WHERE tenant_id = '$id' AND closed_at IS NULL" >/dev/null

  t0=$(date +%s.%N)
  status=$(sla_put "$host" "$tok" "$version" "$OUT/sla-edited.json")
  [ "$status" = 200 ] || { cat "$OUT/sla-put.json" >&2; mesa_die "sla: the edit answered $status"; }
  version=$(jq -r .version "$OUT/sla-put.json")
  rev1=$(sla_revision "$id")
  sla_wait_mark "$id" "$rev1"
  wall1=$(elapsed "$t0")
  moved1=$(sla_moved "$id")
  logged1=$(sla_logged "$slug" "$rev1")

  tok=$(timeout 60 java -cp "$CP" co.mesa.bench.BenchKeycloak token "${KC_ARGS[@]}" --realm="$realm" --username=admin-entidad)
  t0=$(date +%s.%N)
  status=$(sla_put "$host" "$tok" "$version" "$OUT/sla-original.json")
  [ "$status" = 200 ] || { cat "$OUT/sla-put.json" >&2; mesa_die "sla: the revert answered $status"; }
  rev2=$(sla_revision "$id")
  sla_wait_mark "$id" "$rev2"
  wall2=$(elapsed "$t0")
  logged2=$(sla_logged "$slug" "$rev2")
  back=$(sla_moved "$id")
  closed=$(sql_value "SELECT count(*) FROM bench_sla_before b JOIN service_case c ON c.tenant_id = '$id' AND c.id = b.id \
    WHERE c.closed_at IS NOT NULL")
  if [ "$back" != 0 ]; then # which cases, for the report: the first 200, oldest first
    sql_value "SELECT c.code, c.created_at, c.state, c.substate, b.response_due_at, c.response_due_at, b.resolution_due_at, \
      c.resolution_due_at FROM bench_sla_before b JOIN service_case c ON c.tenant_id = '$id' AND c.id = b.id \
      WHERE c.closed_at IS NULL AND (c.response_due_at, c.resolution_due_at) IS DISTINCT FROM (b.response_due_at, b.resolution_due_at) \
      ORDER BY c.created_at LIMIT 200" >"$OUT/sla-off.txt" || true
  fi
  psql_pg -d "$DB" -c "DROP TABLE bench_sla_before" >/dev/null
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$slug" "$open" "$wall1" "${logged1:-? ?}" "$moved1" "$wall2" \
    "${logged2:-? ?}" "$back" "$closed" | tee "$SLA_LOG"
}

SLA_REALM=
SLA_POLICY=
sla_report() {
  sla_on || return 0
  [ -s "$SLA_LOG" ] || return 0
  IFS=$'\t' read -r slug open wall1 logged1 moved1 wall2 logged2 back closed <"$SLA_LOG"
  echo
  echo "SLA recompute of $slug's $open open cases after one policy edit through PUT /api/v1/admin/config/sla (policy" \
       "$SLA_POLICY's resolution target to 3 h, or 4 h if it was 3 h) and its exact revert:"
  echo
  echo "| Step | Rows changed (log) | Recompute (log, ms) | Edit to recompute mark (s) | Open cases off their original due dates |"
  echo "|---|---|---|---|---|"
  echo "| Edit | ${logged1% *} | ${logged1#* } | $wall1 | $moved1 |"
  echo "| Revert | ${logged2% *} | ${logged2#* } | $wall2 | **$back** (expected 0; $closed closed meanwhile, not counted) |"
  echo
  echo "- SLA recompute target < 10 s for one entity's open cases: edit ${logged1#* } ms, revert ${logged2#* } ms."
}

sla_cleanup() {
  [ -n "$SLA_REALM" ] && mesa_port_open "$KC_PORT" || return 0
  timeout 60 java -cp "$CP" co.mesa.bench.BenchKeycloak delete-client "${KC_ARGS[@]}" --realms="$SLA_REALM" 2>&1 \
    | sed 's/^/  /' >&2
}
