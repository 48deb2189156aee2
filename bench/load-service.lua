-- Writes and reads against examples/task-service, for bench/load-service: of every four requests,
-- two create a task (POST /tasks), one lists ten (GET /tasks?limit=10), one reads task 1. It
-- counts the POSTs sent, the 201s read, and any status other than 200 or 201. At the deadline
-- wrk stops reading: the POSTs still in flight are sent, answered 201 by the server, and unread.
local threads = {}

function setup(thread) table.insert(threads, thread) end

function init(args)
  created = 0
  posted = 0
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
  if k == 0 or k == 2 then
    posted = posted + 1
    return post
  elseif k == 1 then
    return list
  else
    return one
  end
end

function response(status)
  if status == 201 then
    created = created + 1
  elseif status ~= 200 then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local c, p, u = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    p = p + t:get("posted")
    u = u + t:get("unexpected")
  end
  io.write(string.format("posted: %d\ncreated: %d\nunexpected statuses: %d\n", p, c, u))
end
