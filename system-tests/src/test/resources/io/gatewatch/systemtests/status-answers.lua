-- Counts the answers of a wrk run by kind: ok (200), busy (503 with the "busy" body), how many of
-- those carried Retry-After, and anything else. Optional first argument: an Authorization header.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, busy, retry_after, other = 0, 0, 0, 0
  if args[1] ~= nil and args[1] ~= "" then
    wrk.headers["Authorization"] = args[1]
  end
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  elseif status == 503 and body ~= nil and string.find(body, '"error":"busy"', 1, true) then
    busy = busy + 1
    if headers["retry-after"] == "1" or headers["Retry-After"] == "1" then
      retry_after = retry_after + 1
    end
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local totals = { ok = 0, busy = 0, retry_after = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(totals) do
      totals[key] = totals[key] + thread:get(key)
    end
  end
  for key, value in pairs(totals) do
    io.write(key .. "=" .. value .. "\n")
  end
end
