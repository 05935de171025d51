-- Every request carries a path never seen before, nine in ten an API key never seen before, and one in three an HTTP method
-- never seen before. Arguments: the total number of answers to wait for, the number of threads.
-- Prints sent= (requests built), answered= and made_up_methods= (made-up methods among the sent).
-- A thread that reached its share writes wrk-done-<thread> (see Wrk.run).
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local methods = { "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS" }
-- no HEAD: wrk cannot tell that a HEAD answer has no body and would wait for one
local prefixes = { "/api/users/", "/api/orders/", "/nowhere/", "/api/users/", "/api/orders/", "/x/", "/api/flaky/", "/api/users/" }

sent = 0
answered = 0
made_up = 0

function init(args)
  limit = tonumber(args[1]) / tonumber(args[2])
end

function request()
  sent = sent + 1
  local i = id * 100000000 + sent
  local method
  if sent % 3 == 0 then
    method = "M" .. i
    made_up = made_up + 1
  else
    method = methods[(sent % #methods) + 1]
  end
  local path = prefixes[(sent % #prefixes) + 1] .. i
  local key = "key-" .. i
  -- one in ten as a real consumer, so the real label combinations (consumer, status) reach the cap
  if sent % 10 == 1 then
    key = "alice-key"
  elseif sent % 10 == 6 then
    key = "bob-key"
  end
  return wrk.format(method, path, { ["X-API-Key"] = key })
end

function response(status, headers, body)
  answered = answered + 1
  if answered >= limit and not stopped then
    stopped = true
    local f = io.open("wrk-done-" .. id, "w")
    f:write(answered)
    f:close()
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local s, a, m = 0, 0, 0
  for _, t in ipairs(threads) do
    s = s + t:get("sent")
    a = a + t:get("answered")
    m = m + t:get("made_up")
  end
  io.write(string.format("sent=%d\nanswered=%d\nmade_up_methods=%d\n", s, a, m))
end
