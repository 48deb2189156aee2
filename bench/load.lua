-- A mix of the Task Manager's requests, as a browser front-end would send them.
-- Requests are built in init(): wrk sets the Host header only then, and without one the
-- server's trusted_host layer rightly answers 400.
-- wrk.format does not merge wrk.headers into an explicit headers table, so every request
-- gets the full set here.
local mix
local function with(extra)
  local headers = { ["Host"] = wrk.headers["Host"], ["Origin"] = "https://datatweets.com", ["Authorization"] = "Bearer load-token" }
  for name, value in pairs(extra) do headers[name] = value end
  return headers
end
local function build()
  return {
    wrk.format("GET", "/ping", with({})),
    wrk.format("GET", "/tasks", with({})),
    wrk.format("GET", "/tasks/7", with({})),
    wrk.format("POST", "/tasks", with({ ["Content-Type"] = "application/json" }), '{"title":"Write docs"}'),
    -- A browser's preflight: no Authorization.
    wrk.format("OPTIONS", "/tasks", {
      ["Host"] = wrk.headers["Host"],
      ["Origin"] = "https://datatweets.com",
      ["Access-Control-Request-Method"] = "POST",
      ["Access-Control-Request-Headers"] = "authorization,content-type",
    }),
    wrk.format("GET", "/metrics", with({})),
  }
end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init() i = 0; unexpected = 0; mix = build() end
function request() i = i + 1; return mix[(i % #mix) + 1] end
function response(status) if status ~= 200 and status ~= 201 then unexpected = unexpected + 1 end end
function done(summary)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("unexpected") end
  io.write(string.format("unexpected statuses: %d\n", total))
end
