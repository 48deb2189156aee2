-- Writes and reads against examples/task-service, for bench/load-service: of every four requests,
-- two create a task (POST /tasks), one lists ten (GET /tasks?limit=10), one reads task 1. It
-- counts the 201s (each must be a row in the database afterwards) and any other status that is
-- not a 200.
local threads = {}

function setup(thread) table.insert(threads, thread) end

function init(args)
  created = 0
  unexpected = 0
  n = 0
  local json = { ["Host"] = "localhost", ["Content-Type"] = "application/json" }
  post = wrk.format("POST", "/tasks", json, '{"title":"load","done":false}')
  list = wrk.format("GET", "/tasks?limit=10", { ["Host"] = "localhost" })
  one = wrk.format("GET", "/tasks/1", { ["Host"] = "localhost" })
end

function request()
  n = n + 1
  local k = n % 4
  if k == 0 or k == 2 then return post elseif k == 1 then return list else return one end
end

function response(status)
  if status == 201 then
    created = created + 1
  elseif status ~= 200 then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local c, u = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    u = u + t:get("unexpected")
  end
  io.write(string.format("created: %d\nunexpected statuses: %d\n", c, u))
end
