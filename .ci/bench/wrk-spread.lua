-- wrk script of the spread mode of .ci/bench-cases (.ci/bench/spread.sh): POST /api/v1/cases, each request
-- to the next entity in turn, with that entity's Host and its requester's token.
--   MESA_WRK_TARGETS  a file, one line per entity: host, token, service, template, fields (JSON), tab-separated
--   MESA_WRK_MAX      at most this many requests per thread (0: no cap)
--   MESA_WRK_LABEL, MESA_WRK_CLIENTS   echoed on the RESULT line
-- Prints the line of wrk.lua and co.mesa.bench.LoadGenerator:
--   RESULT label clients requests errors seconds req/s p50 p95 p99 max   (times in ms)

local max = tonumber(os.getenv("MESA_WRK_MAX") or "0")
local clients = tonumber(os.getenv("MESA_WRK_CLIENTS") or "1") or 1
local description = "Buenos días. Desde esta mañana no logro conectarme a la VPN desde la casa; el cliente muestra "
  .. "un error de autenticación aunque la clave es la de siempre. Necesito el escritorio remoto del equipo de la "
  .. "oficina para una entrega de hoy. Quedo atenta al teléfono."

local counter = 0
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end

local targets = {}
init = function(args)
  local file = assert(io.open(os.getenv("MESA_WRK_TARGETS"), "r"))
  for line in file:lines() do
    local host, token, service, template, fields = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)$")
    if host then
      targets[#targets + 1] = { host = host, token = token, service = service, template = template, fields = fields }
    end
  end
  file:close()
  assert(#targets > 0, "no targets in MESA_WRK_TARGETS")
end

request = function()
  counter = counter + 1
  if max > 0 and counter > max then
    wrk.thread:stop()
  end
  -- Threads start at different entities and step by the number of threads: together they go round evenly.
  local t = targets[((counter - 1) * clients + id - 1) % #targets + 1]
  local headers = {
    ["Host"] = t.host,
    ["Authorization"] = "Bearer " .. t.token,
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/json",
  }
  local body = '{"service":"' .. t.service .. '","template":"' .. t.template .. '","title":"No funciona el servicio '
    .. '(prueba de carga ' .. id .. '-' .. counter .. ')","description":"' .. description .. '","fields":' .. t.fields .. '}'
  return wrk.format("POST", nil, headers, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT\t%s\t%s\t%d\t%d\t%.2f\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\n",
    os.getenv("MESA_WRK_LABEL") or "spread", os.getenv("MESA_WRK_CLIENTS") or "?", summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
