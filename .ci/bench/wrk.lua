-- wrk (Debian's `wrk`, C) as the API load generator of .ci/bench-cases, like pgbench is C for the SQL side.
-- Configured through the environment (wrk gives script arguments to the threads, not to done()):
--   MESA_WRK_SCENARIO  get (default) or create: POST a new case with a new title each time
--   MESA_WRK_TOKEN     the bearer token (empty: none)       MESA_WRK_HOST  the tenant's host (Host header)
--   MESA_WRK_ACCEPT    Accept header           MESA_WRK_MAX   at most this many requests per thread (0: no cap)
--   MESA_WRK_LABEL, MESA_WRK_CLIENTS           echoed on the RESULT line
-- Prints the same line as co.mesa.bench.LoadGenerator:
--   RESULT label clients requests errors seconds req/s p50 p95 p99 max   (times in ms)
-- errors = connect/read/write/timeout errors plus responses with a status >= 400; percentiles are wrk's,
-- over every completed response (with 0 errors, over the successful ones).

local scenario = os.getenv("MESA_WRK_SCENARIO") or "get"
local max = tonumber(os.getenv("MESA_WRK_MAX") or "0")
local description = "Buenos días. Desde esta mañana no logro conectarme a la VPN desde la casa; el cliente muestra "
  .. "un error de autenticación aunque la clave es la de siempre. Necesito el escritorio remoto del equipo de la "
  .. "oficina para una entrega de hoy. Quedo atenta al teléfono."

local counter = 0
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end

init = function(args)
  wrk.headers["Host"] = os.getenv("MESA_WRK_HOST")
  local token = os.getenv("MESA_WRK_TOKEN") or ""
  if token ~= "" then -- empty: anonymous (open data)
    wrk.headers["Authorization"] = "Bearer " .. token
  end
  wrk.headers["Accept"] = os.getenv("MESA_WRK_ACCEPT") or "application/json"
  if scenario == "create" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/json"
  end
  fixed = wrk.format()
end

request = function()
  counter = counter + 1
  if max > 0 and counter > max then
    wrk.thread:stop()
  end
  if scenario ~= "create" then
    return fixed
  end
  local body = '{"service":"acceso-remoto","template":"acceso-remoto","title":"No conecta la VPN desde casa '
    .. '(prueba de carga ' .. id .. '-' .. counter .. ')","description":"' .. description
    .. '","fields":{"telefono-contacto":"601 555 0101"}}'
  return wrk.format(nil, nil, nil, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT\t%s\t%s\t%d\t%d\t%.2f\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\n",
    os.getenv("MESA_WRK_LABEL") or scenario, os.getenv("MESA_WRK_CLIENTS") or "?", summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
