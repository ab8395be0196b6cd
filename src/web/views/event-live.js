// Live counts on an event's dashboard page (src/web/admin/events.rs): the
// page is complete without this script; it only keeps the numbers current
// from the server-sent events of /admin/events/{slug}/live.
(function () {
  "use strict";
  var page = document.querySelector("[data-live]");
  if (!page || !window.EventSource) {
    return;
  }
  var source = new EventSource(page.getAttribute("data-live"));
  function put(element, value) {
    var text = String(value);
    if (element.textContent !== text) {
      element.textContent = text;
    }
  }
  function seats(taken, capacity) {
    return capacity === null || capacity === undefined
      ? taken + " / unlimited"
      : taken + " / " + capacity;
  }
  source.addEventListener("counts", function (message) {
    var counts;
    try {
      counts = JSON.parse(message.data);
    } catch (e) {
      return;
    }
    // The label (a dt) names the count; its value is the dd after it.
    page.querySelectorAll("[data-count]").forEach(function (label) {
      var key = label.getAttribute("data-count");
      var element = label.nextElementSibling;
      if (!element) {
        return;
      }
      if (key === "seats") {
        put(element, seats(counts.confirmed, counts.capacity));
      } else if (key in counts) {
        put(element, counts[key]);
      }
    });
    (counts.sessions || []).forEach(function (session) {
      var element = page.querySelector('[data-session="' + session.id + '"]');
      if (element) {
        put(element, seats(session.confirmed, session.capacity));
      }
    });
    var stamp = page.querySelector("[data-live-status]");
    if (stamp) {
      put(stamp, "Live — updated " + new Date().toLocaleTimeString());
    }
  });
})();
