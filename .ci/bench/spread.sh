# The spread mode of .ci/bench-cases (issue 32): POST /api/v1/cases spread over every entity of the dataset,
# beside the spread ceiling (.ci/bench/ceiling.pgbench over every entity) in the same run. Sourced by
# .ci/bench-cases; runs only with MESA_BENCH_PARTS containing "spread" (not part of "all": it gives the
# 18 synthetic entities realms, which takes Keycloak a few minutes).
#
# How the synthetic entities get a realm: the platform's own path for the launch tenants. Each
# bench-entidad-NN is shaped by CaseDataset like one launch tenant (CaseDataset.shapeOf); this copies that
# tenant's folder under the entity's slug (slug, realm and host rewritten) into a bench-only tenant-config
# directory given to the platform, which imports it at start-up (adopting the dataset's tenant row, whose
# source is 'folder'; older datasets wrote 'operator' and are switched here), serves it, provisions its
# realm (RealmSync) and, in the dev environment, its demo users (DevDemoUsers). Then a throwaway
# password-grant client per realm (BenchKeycloak, DEV-ONLY secret) gives each entity's `solicitante` a
# token, and .ci/bench/wrk-spread.lua sends each request to the next entity's host with its token.

spread_on() { [[ " $PARTS " == *" spread "* ]]; }

# The shape (launch tenant) a slug copies, and the probe body's service, template and fields for it.
spread_shape() {
  case $1 in
    funcion-publica|prosperidad-social) echo "$1" ;;
    bench-entidad-*) local n=$((10#${1#bench-entidad-})); [ $((n % 2)) = 1 ] && echo funcion-publica || echo prosperidad-social ;;
    *) return 1 ;;
  esac
}
spread_request() { # service template fields-json of a shape
  case $1 in
    funcion-publica) printf 'acceso-remoto\tacceso-remoto\t{"telefono-contacto":"601 555 0101"}' ;;
    prosperidad-social) printf 'gestion-incidentes-requerimientos\tfalla-equipo\t{}' ;;
  esac
}

# Before the platform starts: the bench-only tenant-config directory (launch folders + one copy per
# synthetic entity) and, on a reused database, the synthetic tenants' rows made adoptable by the import.
spread_folders() {
  spread_on || return 0
  local dir=$OUT/tenant-config-spread i slug shape
  rm -rf "$dir" && mkdir -p "$dir"
  cp -r "$ROOT/tenant-config/funcion-publica" "$ROOT/tenant-config/prosperidad-social" "$dir/"
  for i in $(seq 1 $((TENANTS - 2))); do
    slug=$(printf 'bench-entidad-%02d' "$i")
    shape=$(spread_shape "$slug")
    cp -r "$ROOT/tenant-config/$shape" "$dir/$slug"
    sed -i -E -e "s/^slug: .*/slug: $slug/" -e "s/^realm: .*/realm: $slug/" \
      -e "s/^hosts: .*/hosts: [$slug.localhost]/" "$dir/$slug/tenant.yaml"
  done
  TENANT_CONFIG_DIR=$dir
  psql_pg -d "$DB" -c "UPDATE tenant SET source = 'folder' WHERE slug ~ '^bench-entidad-[0-9]+\$' AND source = 'operator' \
    AND NOT EXISTS (SELECT FROM tenant_config_version v WHERE v.tenant_id = tenant.id)" >/dev/null 2>&1 || true
  # Earlier runs' ceiling rows (codes CEIL-…, .ci/bench/ceiling.pgbench) carry Función Pública's state and group
  # into every entity; the import rightly refuses data whose workflow lacks a state cases are in. In entities
  # not served yet they are the ceiling's leftovers, not the dataset: removed with their events and outbox rows.
  psql_pg -d "$DB" -v ON_ERROR_STOP=1 >/dev/null 2>&1 <<'SQL' || true
BEGIN;
-- case_event is append-only (a trigger): these rows are a benchmark's leftovers in a bench database.
SET LOCAL session_replication_role = replica;
CREATE TEMP TABLE ceiling_left ON COMMIT DROP AS SELECT c.tenant_id, c.id FROM service_case c JOIN tenant t ON t.id = c.tenant_id
  WHERE c.code LIKE 'CEIL-%' AND t.slug ~ '^bench-entidad-[0-9]+$'
  AND NOT EXISTS (SELECT FROM tenant_config_version v WHERE v.tenant_id = t.id);
DELETE FROM outbox o USING ceiling_left l WHERE o.tenant_id = l.tenant_id AND o.case_id = l.id;
DELETE FROM case_event e USING ceiling_left l WHERE e.tenant_id = l.tenant_id AND e.case_id = l.id;
DELETE FROM service_case c USING ceiling_left l WHERE c.tenant_id = l.tenant_id AND c.id = l.id;
COMMIT;
SQL
  mesa_log "spread: tenant data for $((TENANTS - 2)) synthetic entities in $dir (copies of the launch folders)"
}

# After the dataset: every served entity's realm, client, requester and a probe create through the API.
SPREAD_REALMS=
SPREAD_TARGETS=$OUT/spread-targets.tsv
spread_setup() {
  spread_on || return 0
  local slug host status n=0 row
  SPREAD_REALMS=$(sql_value "SELECT string_agg(t.realm, ',' ORDER BY t.slug) FROM tenant t \
    WHERE EXISTS (SELECT FROM tenant_config_version v WHERE v.tenant_id = t.id) \
    AND (t.slug IN ('funcion-publica', 'prosperidad-social') OR t.slug ~ '^bench-entidad-[0-9]+\$')")
  [ "$(tr ',' '\n' <<<"$SPREAD_REALMS" | wc -l)" = "$TENANTS" ] \
    || mesa_die "spread: $TENANTS entities expected with tenant data, found: $SPREAD_REALMS (see $OUT/platform.log)"
  for slug in ${SPREAD_REALMS//,/ }; do
    for _ in $(seq 1 120); do
      [ "$(mesa_http_status "$APP_PORT" /api/v1/catalog "$slug.localhost")" = 200 ] && break
      sleep 0.5
    done
  done
  mesa_log "spread: realms, bench client (dev-only secret) and demo users of $TENANTS entities (RealmSync provisions them one by one)"
  timeout 1200 java -cp "$CP" co.mesa.bench.BenchKeycloak ensure-client "${KC_ARGS[@]}" --realms="$SPREAD_REALMS" \
    --users=solicitante --timeout=600
  spread_targets
  while IFS=$'\t' read -r host tok service template fields; do
    row="{\"service\":\"$service\",\"template\":\"$template\",\"title\":\"Prueba de la mesa de carga\",\"description\":\"Caso de prueba del benchmark.\",\"fields\":$fields}"
    status=$(curl -sS -o "$OUT/last-response.json" -w '%{http_code}' --max-time 30 -H "Host: $host" \
      -H "Authorization: Bearer $tok" "http://127.0.0.1:$APP_PORT/api/v1/me")
    [ "$status" = 200 ] || { cat "$OUT/last-response.json" >&2; mesa_die "spread: GET /api/v1/me on $host answered $status"; }
    status=$(curl -sS -o "$OUT/last-response.json" -w '%{http_code}' --max-time 30 -X POST -H "Host: $host" \
      -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' --data "$row" "http://127.0.0.1:$APP_PORT/api/v1/cases")
    [ "$status" = 201 ] || { cat "$OUT/last-response.json" >&2; mesa_die "spread: probe POST /api/v1/cases on $host answered $status"; }
    n=$((n + 1))
  done <"$SPREAD_TARGETS"
  mesa_log "spread: a probe case filed through the API on each of $n entities"
}

# SPREAD_TARGETS: host, a fresh token of its `solicitante` (5-minute tokens), and what it files.
spread_targets() {
  local realm tok shape
  : >"$SPREAD_TARGETS"
  while IFS=$'\t' read -r realm tok; do
    shape=$(spread_shape "$realm")
    printf '%s.localhost\t%s\t%s\n' "$realm" "$tok" "$(spread_request "$shape")" >>"$SPREAD_TARGETS"
  done < <(timeout 120 java -cp "$CP" co.mesa.bench.BenchKeycloak tokens "${KC_ARGS[@]}" --realms="$SPREAD_REALMS" \
             --username=solicitante)
  [ "$(wc -l <"$SPREAD_TARGETS")" = "$TENANTS" ] || mesa_die "spread: tokens for $TENANTS entities expected"
}

spread_wrk() { # spread_wrk LABEL C SECONDS
  spread_targets
  MESA_WRK_TARGETS=$SPREAD_TARGETS MESA_WRK_LABEL=$1 MESA_WRK_CLIENTS=$2 MESA_WRK_MAX=$(( (MAX_REQUESTS + $2 - 1) / $2 )) \
    timeout $(($3 + 60)) wrk -t"$2" -c"$2" -d"$3"s --timeout 30s -s "$BENCH/wrk-spread.lua" \
    "http://127.0.0.1:$APP_PORT/api/v1/cases" | awk '/^RESULT/'
}

# CPU time so far (clock ticks) of the platform's JVM and of the PostgreSQL backends serving $DB: where a
# create's time goes, per request, when the machine is the limit.
spread_cpu() {
  local pids
  pids=$(pgrep -u postgres -f "^postgres: [^ ]+: [a-z_]+ $DB " | tr '\n' ' ' || true)
  printf '%s %s\n' "$(awk '{ print $14 + $15 }' "/proc/$APP_JAVA_PID/stat" 2>/dev/null || echo 0)" \
    "$(for p in $pids; do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null; done | awk '{ s += $1 } END { print s + 0 }')"
}

# The measurement: per level, the API spread over every entity (wrk) and the spread ceiling (pgbench).
spread_measure() {
  spread_on || return 0
  command -v wrk >/dev/null 2>&1 || mesa_apt_install wrk
  local c before after app0 app1 pg0 pg1
  : >"$OUT/spread-cpu.tsv"
  mesa_log "S. filing spread over $TENANTS entities: POST /api/v1/cases (wrk, each request the next entity's host and token) and the spread ceiling (pgbench), ${DURATION} s per level"
  if [ "$JIT_WARMUP" -gt 0 ]; then
    mesa_log "JIT warm-up: spread creates for ${JIT_WARMUP} s at 2 clients (not measured)"
    spread_wrk warmup 2 "$JIT_WARMUP" >/dev/null
  fi
  for c in $CLIENTS; do
    spread_wrk spread-api "$c" "$WARMUP" >/dev/null
    before=$(compiled)
    read -r app0 pg0 < <(spread_cpu)
    spread_wrk spread-api "$c" "$DURATION" | tee -a "$RESULTS"
    read -r app1 pg1 < <(spread_cpu)
    after=$(compiled)
    JIT_DURING=$((JIT_DURING + after - before))
    printf '%s\t%s\t%s\n' "$c" $((app1 - app0)) $((pg1 - pg0)) >>"$OUT/spread-cpu.tsv"
    pgbench_run spread-ceiling "$c" "$BENCH/ceiling.pgbench" -D tenants="$ALL_TENANTS" -D requesters="$ALL_REQUESTERS" \
      -D ntenants="$ALL_COUNT"
  done
}

# Lines for the report (called inside the table's block).
spread_report() {
  spread_on || return 0
  awk -F'\t' '$1 == "RESULT" { key = $2 "/" $3; rps[key] = $7 }
    END {
      if (("spread-api/8" in rps) && ("spread-ceiling/8" in rps) && rps["spread-ceiling/8"] > 0)
        printf "- Create at 8 clients spread over '"$TENANTS"' entities: API %.1f/s = %.0f %% of the spread ceiling %.1f/s (target ≥ 35 %%: %s).\n",
          rps["spread-api/8"], 100 * rps["spread-api/8"] / rps["spread-ceiling/8"], rps["spread-ceiling/8"],
          (rps["spread-api/8"] >= 0.35 * rps["spread-ceiling/8"]) ? "met" : "NOT met"
    }' "$1"
  [ -s "$OUT/spread-cpu.tsv" ] || return 0
  awk -F'\t' -v hz="$(getconf CLK_TCK)" 'NR == FNR { if ($1 == "RESULT" && $2 == "spread-api") n[$3] = $4; next }
    n[$1] > 0 { printf "- CPU per spread create at %s clients: platform %.2f ms, PostgreSQL backends of this database %.2f ms (%d creates; backends that ended during the level are not counted).\n",
      $1, 1000 * $2 / hz / n[$1], 1000 * $3 / hz / n[$1], n[$1] }' "$1" "$OUT/spread-cpu.tsv"
}

spread_cleanup() {
  [ -n "$SPREAD_REALMS" ] && mesa_port_open "$KC_PORT" || return 0
  timeout 120 java -cp "$CP" co.mesa.bench.BenchKeycloak delete-client "${KC_ARGS[@]}" --realms="$SPREAD_REALMS" 2>&1 \
    | sed 's/^/  /' >&2
}
