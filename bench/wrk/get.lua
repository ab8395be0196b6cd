-- GET the event page; the path comes from the URL given to wrk.
package.path = os.getenv("BENCH_DIR") .. "/wrk/?.lua;" .. package.path
require("report")
