-- POST /tasks with one JSON body, for bench/validation, counting the answers whose status is not
-- the expected one:
--   wrk -s bench/validation.lua URL -- BODY_FILE EXPECTED_STATUS
-- The request is built in init(): wrk sets the Host header only then. It carries the Origin the
-- spec's CORS allows, so the stack does its work on every answer, and no Accept-Encoding.
local request_bytes
local expected
local threads = {}

function setup(thread) table.insert(threads, thread) end

function init(args)
  local file = assert(io.open(args[1], "rb"))
  local body = file:read("*a")
  file:close()
  expected = tonumber(args[2])
  request_bytes = wrk.format("POST", "/tasks", {
    ["Host"] = wrk.headers["Host"],
    ["Origin"] = "https://app.example.com",
    ["Content-Type"] = "application/json",
  }, body)
  responses = 0
  unexpected = 0
end

function request() return request_bytes end

function response(status)
  responses = responses + 1
  if status ~= expected then unexpected = unexpected + 1 end
end

function done(summary)
  local total, wrong = 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("responses")
    wrong = wrong + thread:get("unexpected")
  end
  io.write(string.format("responses: %d\nunexpected statuses: %d\n", total, wrong))
end
