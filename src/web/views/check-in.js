// Check-in at the door (src/web/admin/check_in.rs). The page works without
// this script; with it, results come as you type, and a check-in is first
// written to a queue on the phone (localStorage) and then sent, so that it
// survives the venue's Wi-Fi dropping: "N waiting to send" until the
// connection returns. Each check-in carries its own id, so sending it twice
// stores it once. The event's confirmed people (name, organization, the
// code their QR code carries) are kept on the phone when the page loads,
// and the service worker (check-in-sw.js) keeps the page itself.
(function () {
  "use strict";

  var PREFIX = "tessera.checkin.";
  var SEND_EVERY = 5000;
  var ROSTER_EVERY = 30000;
  var BATCH = 100;

  function load(key) {
    try {
      var value = window.localStorage.getItem(PREFIX + key);
      return value ? JSON.parse(value) : null;
    } catch (e) {
      return null;
    }
  }

  function save(key, value) {
    try {
      window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
      return true;
    } catch (e) {
      return false;
    }
  }

  function storedKeys(kind) {
    var out = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(PREFIX + kind) === 0) {
          out.push(key.slice(PREFIX.length));
        }
      }
    } catch (e) {
      return out;
    }
    return out;
  }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var b = window.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) {
      return (x + 0x100).toString(16).slice(1);
    }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // Ana, ANA and Aná all find Ana.
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") {
        node.textContent = attributes.text;
      } else {
        node.setAttribute(name, attributes[name]);
      }
    });
    (children || []).forEach(function (child) {
      if (child) {
        node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function dayIn(timezone, date) {
    try {
      return new Intl.DateTimeFormat("en-CA", {
        timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit",
      }).format(date || new Date());
    } catch (e) {
      return null;
    }
  }

  function timeIn(timezone, date) {
    try {
      return new Intl.DateTimeFormat("en-GB", {
        timeZone: timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
      }).format(date);
    } catch (e) {
      return date.toTimeString().slice(0, 5);
    }
  }

  var REASONS = {
    waitlisted: "On the waiting list: no seat was given to this person. Not admitted.",
    pending: "Pending: this person never confirmed their email address. Not admitted.",
    cancelled: "This registration was cancelled. Not admitted.",
  };

  // The code a scanned link carries, or null if `text` is not one.
  function codeOf(text) {
    text = String(text || "").trim();
    var at = text.indexOf("code=");
    if (at !== -1) {
      try {
        return decodeURIComponent(text.slice(at + 5).split("&")[0]);
      } catch (e) {
        return null;
      }
    }
    return /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{20,}$/.test(text) ? text : null;
  }

  // One event's door as this phone knows it: the roster it stored and the
  // queue of check-ins and undos not yet sent.
  function Door(slug, settings) {
    this.slug = slug;
    var kept = load("roster." + slug) || {};
    this.settings = settings || kept.settings || {};
    this.roster = kept.roster || null;
    this.savedAt = kept.savedAt || null;
    this.queue = load("queue." + slug) || [];
    this.sending = false;
    this.offline = false;
    this.loginEnded = false;
    this.messages = [];
    this.changed = function () {};
  }

  Door.prototype.keep = function () {
    save("roster." + this.slug, {
      settings: this.settings, roster: this.roster, savedAt: this.savedAt,
    });
  };

  Door.prototype.keepQueue = function () {
    save("queue." + this.slug, this.queue);
  };

  Door.prototype.timezone = function () {
    return (this.roster && this.roster.event.timezone) || "UTC";
  };

  // The stored check-ins hold for today only if the roster is today's.
  Door.prototype.current = function () {
    return !!this.roster && this.roster.today === dayIn(this.timezone());
  };

  Door.prototype.person = function (id) {
    var people = (this.roster && this.roster.people) || [];
    for (var i = 0; i < people.length; i++) {
      if (people[i].id === id) {
        return people[i];
      }
    }
    return null;
  };

  Door.prototype.byCode = function (code) {
    var people = (this.roster && this.roster.people) || [];
    for (var i = 0; i < people.length; i++) {
      if (people[i].code === code) {
        return people[i];
      }
    }
    return null;
  };

  Door.prototype.queued = function (type, test) {
    for (var i = 0; i < this.queue.length; i++) {
      if (this.queue[i].type === type && test(this.queue[i])) {
        return this.queue[i];
      }
    }
    return null;
  };

  // What the door shows for a person: checked in (sent or waiting), or not.
  Door.prototype.state = function (person) {
    var waiting = this.queued("check_in", function (a) {
      return a.registration === person.id;
    });
    if (waiting) {
      return { checkedIn: true, waiting: true, time: timeIn(this.timezone(), new Date(waiting.at)) };
    }
    var standing = person.check_in && !person.check_in.undone_at &&
      (person.fresh || this.current()) ? person.check_in : null;
    if (standing) {
      var undoing = this.queued("undo", function (a) {
        return a.id === standing.id;
      });
      if (!undoing) {
        return { checkedIn: true, waiting: false, time: standing.time, by: standing.by, id: standing.id };
      }
    }
    return { checkedIn: false };
  };

  Door.prototype.counts = function () {
    var self = this;
    var people = (this.roster && this.roster.people) || [];
    var checked = people.filter(function (p) {
      return self.state(p).checkedIn;
    }).length;
    return { checked: checked, confirmed: people.length };
  };

  Door.prototype.say = function (text, tone) {
    this.messages.unshift({ text: text, tone: tone || "ok" });
    this.messages = this.messages.slice(0, 5);
  };

  Door.prototype.checkIn = function (person) {
    var name = person.first_name + " " + person.last_name;
    var state = this.state(person);
    if (state.checkedIn) {
      this.say(name + ": already checked in at " + state.time +
        (state.by ? " by " + state.by : "") + ". Nothing was changed.", "warn");
      this.changed();
      return;
    }
    this.queue.push({
      type: "check_in", id: uuid(), registration: person.id,
      at: new Date().toISOString(), name: name,
    });
    this.keepQueue();
    this.say(name + ": checked in.", "ok");
    this.changed();
    this.send();
  };

  Door.prototype.undo = function (person, checkInId) {
    var name = person ? person.first_name + " " + person.last_name : "The check-in";
    var waiting = person && this.queued("check_in", function (a) {
      return a.registration === person.id;
    });
    if (waiting) {
      // Never sent: it is simply taken off the queue.
      this.queue = this.queue.filter(function (a) {
        return a !== waiting;
      });
    } else if (checkInId) {
      this.queue.push({ type: "undo", id: checkInId, name: name });
    } else {
      return;
    }
    this.keepQueue();
    this.say(name + ": check-in undone.", "ok");
    this.changed();
    this.send();
  };

  Door.prototype.fetchRoster = function () {
    var self = this;
    if (!this.settings.roster) {
      return Promise.resolve(false);
    }
    return fetch(this.settings.roster, {
      credentials: "same-origin", headers: { Accept: "application/json" },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.redirected && response.url.indexOf("/admin/login") !== -1) {
        self.loginEnded = true;
      }
      if (!response.ok || type.indexOf("application/json") !== 0) {
        throw new Error("no roster");
      }
      return response.json();
    }).then(function (roster) {
      self.loginEnded = false;
      self.roster = roster;
      self.savedAt = new Date().toISOString();
      self.offline = false;
      self.keep();
      self.changed();
      return true;
    }).catch(function () {
      return false;
    });
  };

  // Sends the queue, oldest first; what the server answered leaves the
  // queue, what it could not take (no connection, a server failure, an
  // ended login) stays for the next try.
  Door.prototype.send = function () {
    var self = this;
    if (this.sending || !this.queue.length || !this.settings.queue) {
      this.changed();
      return Promise.resolve();
    }
    this.sending = true;
    var batch = this.queue.slice(0, BATCH);
    var body = JSON.stringify({
      actions: batch.map(function (a) {
        return { type: a.type, id: a.id, registration: a.registration, at: a.at };
      }),
    });
    return fetch(this.settings.queue, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRF-Token": this.settings.csrf || "",
      },
      body: body,
    }).then(function (response) {
      if (response.status === 403) {
        self.loginEnded = true;
        throw new Error("login ended");
      }
      if (!response.ok) {
        throw new Error("not sent");
      }
      return response.json();
    }).then(function (answer) {
      self.offline = false;
      self.loginEnded = false;
      (answer.results || []).forEach(function (result, i) {
        var action = batch[i];
        if (!action || !result || result.status >= 500) {
          return;
        }
        self.queue = self.queue.filter(function (a) {
          return !(a.id === action.id && a.type === action.type);
        });
        self.settle(action, result);
      });
      self.keepQueue();
      self.sending = false;
      self.changed();
      if (self.queue.length) {
        return self.send();
      }
      return self.fetchRoster();
    }).catch(function () {
      self.sending = false;
      if (!self.loginEnded) {
        self.offline = true;
      }
      self.changed();
    });
  };

  // What an answer means for the person it was about.
  Door.prototype.settle = function (action, result) {
    var person = action.type === "check_in" ? this.person(action.registration) : null;
    if (action.type === "undo") {
      var people = (this.roster && this.roster.people) || [];
      for (var i = 0; i < people.length; i++) {
        if (people[i].check_in && people[i].check_in.id === action.id) {
          person = people[i];
          people[i].check_in = null;
        }
      }
    } else if (person && result.check_in) {
      person.check_in = result.check_in;
      person.fresh = true;
    }
    var name = action.name || (person ? person.first_name + " " + person.last_name : "");
    if (result.outcome === "already" || result.status === 409 ||
        result.status === 422 || result.status === 404) {
      this.say(name + ": " + result.message, result.outcome === "already" ? "warn" : "error");
    }
    this.keep();
  };

  Door.prototype.waitingText = function () {
    var n = this.queue.length;
    if (!n) {
      return "";
    }
    var text = n + " waiting to send";
    if (this.loginEnded) {
      text += " — your login has ended: log in again on this phone to send them.";
    } else if (this.offline) {
      text += " — no connection; they are sent when it returns.";
    }
    return text;
  };

  function pendingEverywhere() {
    return storedKeys("queue.").reduce(function (sum, key) {
      return sum + (load(key) || []).length;
    }, 0);
  }

  // Logging out forgets what this phone kept (names, codes, the page),
  // after a warning if check-ins were never sent.
  function forgetOnLogout() {
    var form = document.querySelector('form[action="/admin/logout"]');
    if (!form) {
      return;
    }
    form.addEventListener("submit", function (event) {
      var pending = pendingEverywhere();
      if (pending && !window.confirm(pending + " check-ins were not sent yet. Log out and lose them?")) {
        event.preventDefault();
        return;
      }
      storedKeys("").forEach(function (key) {
        window.localStorage.removeItem(PREFIX + key);
      });
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage("forget");
      }
    });
  }

  // Registers the service worker and has it keep this page; resolves
  // once the page is kept for offline use.
  function registerWorker() {
    if (!window.isSecureContext || !("serviceWorker" in navigator)) {
      return Promise.reject(new Error("no service worker here"));
    }
    return navigator.serviceWorker.register("/admin/check-in-sw.js", { scope: "/admin/" })
      .then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        return new Promise(function (resolve, reject) {
          var channel = new MessageChannel();
          channel.port1.onmessage = function (event) {
            if (event.data && event.data.kept) {
              resolve();
            } else {
              reject(new Error("the page was not kept"));
            }
          };
          registration.active.postMessage({ keep: window.location.pathname }, [channel.port2]);
        });
      });
  }

  // --- The check-in screen of an event ---------------------------------

  function screen(root) {
    var door = new Door(root.getAttribute("data-slug"), {
      roster: root.getAttribute("data-roster"),
      search: root.getAttribute("data-search"),
      queue: root.getAttribute("data-queue"),
      csrf: root.getAttribute("data-csrf"),
      screen: window.location.pathname,
      title: root.getAttribute("data-title"),
    });
    var input = root.querySelector("#q");
    var results = root.querySelector("[data-results]");
    var queueStatus = root.querySelector("[data-queue-status]");
    var messages = root.querySelector("[data-messages]");
    var offlineStatus = root.querySelector("[data-offline-status]");
    var checkedCount = root.querySelector("[data-count-checked]");
    var confirmedCount = root.querySelector("[data-count-confirmed]");
    var workerReady = false;
    var workerMissing = false;
    var rosterFresh = false;
    var shown = [];
    var searchTimer = null;
    var asked = 0;

    function showOffline() {
      offlineStatus.hidden = false;
      if (workerMissing) {
        offlineStatus.className = "door-offline notice warn";
        offlineStatus.setAttribute("data-ready", "no");
        offlineStatus.textContent = "This page cannot work offline here: offline check-in " +
          "needs the service behind https (a secure connection). Check-ins work while the " +
          "connection holds.";
      } else if (workerReady && door.roster && (rosterFresh || door.current())) {
        offlineStatus.className = "door-offline hint";
        offlineStatus.setAttribute("data-ready", "yes");
        offlineStatus.textContent = "Ready to work offline: " + door.roster.people.length +
          " confirmed people kept on this phone.";
      } else {
        offlineStatus.className = "door-offline hint";
        offlineStatus.setAttribute("data-ready", "no");
        offlineStatus.textContent = "Preparing offline use…";
      }
    }

    function showCounts() {
      if (!door.roster) {
        return;
      }
      var counts = door.counts();
      checkedCount.textContent = String(counts.checked);
      confirmedCount.textContent = String(counts.confirmed);
    }

    function showQueue() {
      var text = door.waitingText();
      queueStatus.hidden = !text;
      queueStatus.textContent = text;
      queueStatus.className = "door-queue notice " + (door.offline || door.loginEnded ? "warn" : "ok");
      messages.textContent = "";
      door.messages.forEach(function (m) {
        messages.appendChild(el("li", { class: "notice " + m.tone, text: m.text }));
      });
    }

    function hidden(name, value) {
      return el("input", { type: "hidden", name: name, value: value });
    }

    function row(person) {
      var name = person.first_name + " " + person.last_name;
      var state;
      if (person.admitted === false) {
        state = [
          el("span", { class: "badge warn", text: "Not admitted: " + person.status }),
          el("p", { class: "door-reason", text: REASONS[person.status] || "Not admitted." }),
        ];
      } else {
        var s = door.state(person);
        if (s.checkedIn) {
          state = [
            el("span", { class: "badge ok", text: (s.waiting ? "In (waiting to send) " : "In at ") + s.time }),
            s.by ? el("span", { class: "meta", text: " by " + s.by }) : null,
            el("form", { class: "door-undo", method: "post", action: door.settings.screen + "/undo" }, [
              hidden("csrf", door.settings.csrf || ""),
              hidden("q", input.value),
              hidden("check_in", s.id || ""),
              hidden("registration", person.id),
              el("button", { class: "secondary small", type: "submit", "aria-label": "Undo the check-in of " + name, text: "Undo" }),
            ]),
          ];
        } else {
          state = [
            el("form", { class: "door-check-in", method: "post", action: door.settings.screen }, [
              hidden("csrf", door.settings.csrf || ""),
              hidden("q", input.value),
              hidden("id", uuid()),
              hidden("registration", person.id),
              el("button", { class: "door-button", type: "submit", "aria-label": "Check in " + name, text: "Check in" }),
            ]),
          ];
        }
      }
      return el("li", { class: "door-person", "data-person": person.id }, [
        el("div", { class: "door-who" }, [
          el("strong", { text: name }),
          person.organization ? el("span", { class: "door-org", text: person.organization }) : null,
        ]),
        el("div", { class: "door-state" }, state),
      ]);
    }

    function showResults(query) {
      results.textContent = "";
      if (!query.trim()) {
        return;
      }
      if (!shown.length) {
        results.appendChild(el("p", { text: "Nobody matches “" + query.trim() + "”." }));
        return;
      }
      results.appendChild(el("ul", { class: "door-people" }, shown.map(row)));
    }

    function localMatches(query) {
      var words = fold(query).split(/\s+/).filter(Boolean);
      var people = (door.roster && door.roster.people) || [];
      return people.filter(function (p) {
        var text = fold(p.first_name + " " + p.last_name + " " + p.organization);
        return words.every(function (w) {
          return text.indexOf(w) !== -1;
        });
      }).slice(0, 20);
    }

    function search(query) {
      var code = codeOf(query);
      if (code) {
        window.location.href = "/admin/check-in?code=" + encodeURIComponent(code);
        return;
      }
      shown = query.trim() ? localMatches(query) : [];
      showResults(query);
      window.clearTimeout(searchTimer);
      if (!query.trim() || door.offline) {
        return;
      }
      // Online, the server also finds people by email, and those who are
      // not admitted.
      var ask = ++asked;
      searchTimer = window.setTimeout(function () {
        fetch(door.settings.search + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin", headers: { Accept: "application/json" },
        }).then(function (response) {
          if (!response.ok) {
            throw new Error("no results");
          }
          return response.json();
        }).then(function (answer) {
          if (ask !== asked) {
            return;
          }
          shown = (answer.results || []).map(function (p) {
            var kept = door.person(p.id);
            if (kept) {
              kept.check_in = p.check_in;
              kept.fresh = true;
            }
            return kept && p.admitted ? kept : Object.assign(p, { fresh: true });
          });
          showResults(input.value);
        }).catch(function () {
          return null;
        });
      }, 200);
    }

    function refresh() {
      showCounts();
      showQueue();
      showOffline();
      if (input.value.trim()) {
        // The kept list may have learnt more of these people since.
        shown = shown.length ? shown.map(function (p) {
          var kept = door.person(p.id);
          return kept && p.admitted !== false ? kept : p;
        }) : localMatches(input.value);
        showResults(input.value);
      }
    }

    door.changed = refresh;

    root.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.classList.contains("door-search")) {
        event.preventDefault();
        search(input.value);
        return;
      }
      var field = function (name) {
        var f = form.querySelector('input[name="' + name + '"]');
        return f ? f.value : "";
      };
      if (form.classList.contains("door-check-in")) {
        var person = door.person(field("registration")) ||
          shown.filter(function (p) { return p.id === field("registration"); })[0];
        if (!person) {
          return;
        }
        event.preventDefault();
        door.checkIn(person);
      } else if (form.classList.contains("door-undo")) {
        event.preventDefault();
        var id = field("check_in");
        var who = door.person(field("registration"));
        if (!who) {
          (door.roster ? door.roster.people : []).forEach(function (p) {
            if (p.check_in && p.check_in.id === id) {
              who = p;
            }
          });
        }
        door.undo(who, id);
      }
    });

    input.addEventListener("input", function () {
      search(input.value);
    });

    window.addEventListener("online", function () {
      door.offline = false;
      door.send();
    });
    window.addEventListener("offline", function () {
      door.offline = true;
      refresh();
    });
    window.setInterval(function () {
      door.send();
    }, SEND_EVERY);
    window.setInterval(function () {
      if (!door.queue.length && !door.offline) {
        door.fetchRoster();
      }
    }, ROSTER_EVERY);

    registerWorker().then(function () {
      workerReady = true;
      refresh();
    }).catch(function () {
      workerMissing = !window.isSecureContext || !("serviceWorker" in navigator);
      refresh();
    });
    door.fetchRoster().then(function (fetched) {
      rosterFresh = fetched;
      if (!fetched) {
        door.offline = true;
      }
      refresh();
      door.send();
    });
    forgetOnLogout();
    refresh();
  }

  // --- A scanned link opened offline (the service worker's page) -------

  function offlineCard(root) {
    var code = new URLSearchParams(window.location.search).get("code") || "";
    var door = null;
    var person = null;
    storedKeys("roster.").forEach(function (key) {
      var candidate = new Door(key.slice("roster.".length));
      var found = candidate.byCode(code.trim());
      if (found && !person) {
        door = candidate;
        person = found;
      }
    });
    root.textContent = "";
    if (!person) {
      root.appendChild(el("h1", { text: "Code not found on this phone" }));
      root.appendChild(el("div", { class: "notice error", role: "alert" }, [
        el("p", { text: "This code is not in the list of confirmed people kept on this phone. " +
          "It may have been changed, or the person is not confirmed. Nobody was checked in; " +
          "check again when the connection returns." }),
      ]));
      return;
    }
    var name = person.first_name + " " + person.last_name;
    function render() {
      var s = door.state(person);
      root.textContent = "";
      root.appendChild(el("p", {}, [
        el("a", { href: door.settings.screen, text: "← Check-in: " + (door.settings.title || door.roster.event.title) }),
      ]));
      var card = el("section", { class: "card door-card" }, [
        el("h1", { text: name }),
        person.organization ? el("p", { class: "door-org", text: person.organization }) : null,
        el("p", {}, [el("span", { class: "badge ok", text: "Confirmed" })]),
        el("p", { class: "hint", text: "Offline: from the list kept on this phone." }),
      ]);
      if (s.checkedIn) {
        card.appendChild(el("div", { class: "notice ok", role: "status" }, [
          el("p", { text: "Checked in today at " + s.time + (s.by ? " by " + s.by : "") + "." }),
        ]));
      } else {
        var button = el("button", { class: "door-button", type: "button", text: "Check in" });
        button.addEventListener("click", function () {
          door.checkIn(person);
        });
        card.appendChild(button);
      }
      var waiting = door.waitingText();
      if (waiting) {
        card.appendChild(el("p", { class: "door-queue notice warn", "data-queue-status": "", text: waiting }));
      }
      root.appendChild(card);
    }
    door.changed = render;
    window.addEventListener("online", function () {
      door.send();
    });
    window.setInterval(function () {
      door.send();
    }, SEND_EVERY);
    render();
  }

  var screenRoot = document.querySelector("[data-check-in]");
  if (screenRoot) {
    screen(screenRoot);
  }
  var cardRoot = document.querySelector("[data-offline-card]");
  if (cardRoot) {
    offlineCard(cardRoot);
  }
})();
