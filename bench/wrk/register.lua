-- POST the public registration form with a unique email per request:
-- run tag + thread id + a per-thread counter. BENCH_FORM_EXTRA carries the
-- answers to the required questions (e.g. "&q_1=workshop"), BENCH_SLUG the event.
package.path = os.getenv("BENCH_DIR") .. "/wrk/?.lua;" .. package.path
require("report")

local slug = os.getenv("BENCH_SLUG")
local extra = os.getenv("BENCH_FORM_EXTRA") or ""
local tag = os.getenv("BENCH_TAG") or "r"
local counter = 0
local path = "/events/" .. slug .. "/register"
local headers = { ["Content-Type"] = "application/x-www-form-urlencoded" }

function request()
  counter = counter + 1
  local body = "first_name=Ada&last_name=Lovelace&email=" .. tag .. "-t" .. tid .. "-" .. counter ..
    "%40example.org&organization=Comune+di+Bench&country=IT&consent=yes" .. extra
  return wrk.format("POST", path, headers, body)
end
