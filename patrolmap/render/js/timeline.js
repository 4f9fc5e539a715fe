/* patrolmap timeline, playback and text description: a plugin of the page runtime (patrolmap.js).
 *
 * It talks to the map only through the runtime's hook: PatrolMap.plugins calls it with each map's
 * handle {map, layers, data, arrows, legs, setRange}, and the map fires "pm:range" when the date filter
 * changes. Text fields are HTML patrolmap already escaped; everything else is built with DOM calls.
 * Inline SVG, no library, no timers except playback's own step.
 */
(function () {
  "use strict";
  if (!window.PatrolMap || window.PatrolMap.timeline) return; // one copy per page
  var SVG = "http://www.w3.org/2000/svg", DAY = 86400000;
  var WIDTH = 320, ROW = 24, TOP = 14, AXIS = 20, STEP_MS = 900, DRAG_MIN = 4;

  function el(tag, className, parent) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (parent) parent.appendChild(node);
    return node;
  }
  function svg(tag, attrs, parent) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }
  function toDay(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / DAY); }
  function fromDay(day) { return new Date(day * DAY).toISOString().slice(0, 10); }
  function button(parent, className, text) {
    var b = el("button", className, parent);
    b.type = "button";
    b.textContent = text;
    return b;
  }
  function quiet(box) { L.DomEvent.disableClickPropagation(box); L.DomEvent.disableScrollPropagation(box); }
  // The page's own words in the label language (patrolmap.js `word`): plain text, set as text.
  function word(handle, key, values) { return window.PatrolMap.word(handle.data, key, values); }

  // The route legs of an event, in the order the runtime drew them (legcanvas.js draws them).
  function legsOf(entry) { return entry.legs || []; }

  function highlight(handle, entry, on) { handle.legs.highlight(legsOf(entry), on); }

  // Open an event as a click on its route would: show it if filtered out, frame it, pop it up.
  function openEvent(handle, id) {
    var entry = handle.layers[id], t = handle.data.timeline, map = handle.map;
    if (!entry.inRange) handle.setRange(t.min, t.max);
    if (!entry.wanted) {
      if (entry.checkbox) entry.checkbox.click();
      else { entry.wanted = true; entry.layer.addTo(map); }
    }
    var leg = legsOf(entry)[0], marker = entry.layer.getLayers().filter(function (l) { return l.openPopup; })[0];
    if (!leg && !marker) return;
    map.fitBounds(entry.layer.getBounds(), { maxZoom: 6, padding: [30, 30], animate: false });
    if (leg) handle.legs.openPopup(leg);
    else marker.openPopup();
  }

  // --- the timeline panel -----------------------------------------------------------------------

  function Timeline(handle) {
    var self = this, t = handle.data.timeline;
    this.handle = handle;
    this.events = t.events;
    var lo = toDay(t.min), hi = toDay(t.max), pad = Math.max(2, (hi - lo) * 0.03);
    this.lo = lo - pad; this.hi = hi + 1 + pad;
    this.rows = {};
    t.kinds.forEach(function (k, i) { self.rows[k.id] = TOP + i * ROW + ROW / 2; });
    this.height = TOP + t.kinds.length * ROW + AXIS;

    var Control = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function (map) {
        var box = el("div", "pm-panel pm-timeline");
        var body = window.PatrolMap.collapsible(box, word(handle, "timeline"), map, "timeline");
        self.draw(body, t);
        self.playback = new Playback(handle, self, body);
        quiet(box);
        return box;
      }
    });
    new Control().addTo(handle.map);
    handle.map.getContainer().classList.add("pm-has-timeline"); // the layer panel leaves it room
    handle.map.on("pm:range", function (e) { self.showRange(e.from, e.to); });
    this.showRange(t.min, t.max);
  }

  Timeline.prototype.x = function (day) {
    return 8 + (day - this.lo) / (this.hi - this.lo) * (WIDTH - 16);
  };

  Timeline.prototype.dayAt = function (clientX) {
    var point = this.svg.createSVGPoint();
    point.x = clientX; point.y = 0;
    var x = point.matrixTransform(this.svg.getScreenCTM().inverse()).x;
    var day = this.lo + (x - 8) / (WIDTH - 16) * (this.hi - this.lo);
    return Math.max(toDay(this.handle.data.timeline.min), Math.min(toDay(this.handle.data.timeline.max), Math.floor(day)));
  };

  Timeline.prototype.draw = function (body, t) {
    var self = this, bottom = this.height - AXIS;
    var root = svg("svg", {
      viewBox: "0 0 " + WIDTH + " " + this.height, class: "pm-tl-svg", role: "group",
      "aria-label": word(this.handle, "timeline_axis")
    }, body);
    this.svg = root;
    svg("rect", { class: "pm-tl-bg", x: 0, y: 0, width: WIDTH, height: this.height }, root);
    this.range = svg("rect", { class: "pm-tl-range", y: TOP - 4, height: bottom - TOP + 4 }, root);
    this.rangeBar = svg("rect", { class: "pm-tl-range-bar", y: bottom, height: 4 }, root);
    t.kinds.forEach(function (k) {
      var y = self.rows[k.id];
      svg("line", { class: "pm-tl-row", x1: 8, x2: WIDTH - 8, y1: y, y2: y }, root);
      svg("text", { class: "pm-tl-row-label", x: 8, y: y - 6 }, root).innerHTML = k.label;
    });
    svg("line", { class: "pm-tl-axis", x1: 8, x2: WIDTH - 8, y1: bottom, y2: bottom }, root);
    this.years(root, bottom);
    this.now = svg("line", { class: "pm-tl-now", y1: TOP - 6, y2: bottom, visibility: "hidden" }, root);
    this.brush = svg("rect", { class: "pm-tl-brush", y: TOP - 4, height: bottom - TOP + 4, visibility: "hidden" }, root);
    this.lastInRow = {};
    this.index = {};
    var names = plainTexts(this.events.map(function (ev) { return ev.title; }));
    this.marks = this.events.map(function (ev, i) {
      self.index[ev.id] = i;
      return self.mark(root, ev, ev.start + " · " + names[i]);
    });
    this.tabStop = 0;
    this.marks[0].setAttribute("tabindex", "0");
    this.answering(root);
    this.dragging(root);
  };

  Timeline.prototype.years = function (root, bottom) {
    var first = new Date(this.lo * DAY).getUTCFullYear(), last = new Date(this.hi * DAY).getUTCFullYear();
    var every = Math.max(1, Math.ceil((last - first + 1) / 8));
    for (var year = first; year <= last + 1; year++) {
      var x = this.x(toDay(year + "-01-01"));
      if (x < 8 || x > WIDTH - 8) continue;
      svg("line", { class: "pm-tl-tick", x1: x, x2: x, y1: bottom, y2: bottom + 4 }, root);
      if ((year - first) % every === 0) {
        svg("text", { class: "pm-tl-year", x: x, y: bottom + 15 }, root).textContent = String(year);
      }
    }
  };

  // One element a mark, named for screen readers; its hover tooltip (<title>) is added when first
  // pointed at, and the panel answers for all marks at once (answering): thousands of events cost
  // no more than one element each.
  Timeline.prototype.mark = function (root, ev, name) {
    var entry = this.handle.layers[ev.id];
    var a = this.x(toDay(ev.start)), b = this.x(toDay(ev.end) + 1), y = this.rows[ev.kind];
    // Marks that would cover each other in a row (events days apart) step up and down instead.
    var last = this.lastInRow[ev.kind];
    this.lastInRow[ev.kind] = { x: a, shift: last && a - last.x < 9 ? (last.shift === 0 ? -4 : last.shift === -4 ? 4 : 0) : 0 };
    y += this.lastInRow[ev.kind].shift;
    var shape = b - a > 10
      ? svg("rect", { x: a, y: y - 5, width: b - a, height: 10, rx: 5 }, root)
      : svg("circle", { cx: (a + b) / 2, cy: y, r: 5 }, root);
    shape.setAttribute("class", "pm-tl-mark");
    shape.setAttribute("data-event", ev.id);
    shape.setAttribute("tabindex", "-1");
    shape.setAttribute("role", "button");
    shape.setAttribute("aria-label", name);
    shape.style.fill = entry.spec.colour || "#455a64";
    return shape;
  };

  // Hover, focus, click and keys on any mark, answered by the panel for the mark they reach.
  Timeline.prototype.answering = function (root) {
    var self = this, handle = this.handle;
    function on(type, answer) {
      root.addEventListener(type, function (e) {
        var i = e.target.classList && e.target.classList.contains("pm-tl-mark") ? self.index[e.target.getAttribute("data-event")] : undefined;
        if (i !== undefined) answer(e, i, handle.layers[self.events[i].id]);
      });
    }
    on("mouseover", function (e, i, entry) {
      if (!e.target.firstChild) svg("title", {}, e.target).textContent = e.target.getAttribute("aria-label");
      highlight(handle, entry, true);
    });
    on("mouseout", function (e, i, entry) { highlight(handle, entry, false); });
    on("focusin", function (e, i, entry) { highlight(handle, entry, true); });
    on("focusout", function (e, i, entry) { highlight(handle, entry, false); });
    on("click", function (e, i) { openEvent(handle, self.events[i].id); });
    on("keydown", function (e, i) {
      var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); openEvent(handle, self.events[i].id); }
      else if (step) { e.preventDefault(); self.focusMark(i + step); }
      else if (e.key === "Home" || e.key === "End") { e.preventDefault(); self.focusMark(e.key === "Home" ? 0 : self.marks.length - 1); }
    });
  };

  // Roving focus: one mark is in the tab order, the arrow keys move along the others in date order.
  Timeline.prototype.focusMark = function (i) {
    if (i < 0 || i >= this.marks.length) return;
    this.marks[this.tabStop].setAttribute("tabindex", "-1");
    this.marks[i].setAttribute("tabindex", "0");
    this.tabStop = i;
    this.marks[i].focus();
  };

  // Dragging across the panel (not on a mark) sets the date filter to the span dragged over.
  Timeline.prototype.dragging = function (root) {
    var self = this, start = null;
    root.addEventListener("pointerdown", function (e) {
      if (e.button !== 0 || e.target.classList.contains("pm-tl-mark")) return;
      start = { x: e.clientX, day: self.dayAt(e.clientX) };
      root.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    root.addEventListener("pointermove", function (e) {
      if (!start) return;
      var a = Math.min(start.day, self.dayAt(e.clientX)), b = Math.max(start.day, self.dayAt(e.clientX));
      self.brush.setAttribute("x", self.x(a));
      self.brush.setAttribute("width", self.x(b + 1) - self.x(a));
      self.brush.setAttribute("visibility", Math.abs(e.clientX - start.x) >= DRAG_MIN ? "visible" : "hidden");
    });
    function end(e) {
      if (!start) return;
      var moved = Math.abs(e.clientX - start.x) >= DRAG_MIN, a = start.day, b = self.dayAt(e.clientX);
      start = null;
      self.brush.setAttribute("visibility", "hidden");
      if (moved) self.handle.setRange(fromDay(Math.min(a, b)), fromDay(Math.max(a, b)));
    }
    root.addEventListener("pointerup", end);
    root.addEventListener("pointercancel", function () { start = null; self.brush.setAttribute("visibility", "hidden"); });
  };

  // The date filter's range, on the axis: a band over the rows, a bar on the axis, dimmed marks outside.
  Timeline.prototype.showRange = function (from, to) {
    var a = toDay(from), b = toDay(to);
    [this.range, this.rangeBar].forEach(function (r) {
      r.setAttribute("x", this.x(a));
      r.setAttribute("width", Math.max(2, this.x(b + 1) - this.x(a)));
    }, this);
    this.events.forEach(function (ev, i) {
      var out = ev.end < from || ev.start > to;
      this.marks[i].classList.toggle("pm-tl-out", out);
    }, this);
    this.svg.setAttribute("data-from", from);
    this.svg.setAttribute("data-to", to);
  };

  Timeline.prototype.showNow = function (iso) {
    if (!iso) { this.now.setAttribute("visibility", "hidden"); return; }
    var x = this.x(toDay(iso) + 0.5);
    this.now.setAttribute("x1", x); this.now.setAttribute("x2", x);
    this.now.setAttribute("visibility", "visible");
  };

  // --- playback ---------------------------------------------------------------------------------

  // Steps through the events in date order, and through each event's legs in the order the
  // catalogue writes them. One step draws one leg: the pace says nothing about real timing.
  function Playback(handle, timeline, body) {
    var self = this;
    this.handle = handle; this.timeline = timeline; this.events = timeline.events;
    this.index = -1; this.drawn = 0; this.playing = false; this.timer = null; this.hidden = null; this.own = false;
    var bar = el("div", "pm-tl-controls", body);
    this.playButton = button(bar, "pm-tl-play", word(handle, "play"));
    this.stepButton = button(bar, "pm-tl-step", word(handle, "step"));
    this.status = el("span", "pm-tl-status", bar);
    this.status.setAttribute("aria-live", "polite");
    el("p", "pm-tl-note", body).textContent = word(handle, "playback_note");
    this.playButton.addEventListener("click", function () { if (self.playing) self.pause(); else self.play(); });
    this.stepButton.addEventListener("click", function () { self.pause(); self.step(); });
    handle.map.on("pm:range", function () { if (!self.own && self.index >= 0) self.stop(word(handle, "playback_stopped")); });
    this.show("");
  }

  Playback.prototype.play = function () {
    this.playing = true;
    this.playButton.textContent = word(this.handle, "pause");
    this.playButton.setAttribute("aria-pressed", "true");
    this.tick();
  };

  Playback.prototype.tick = function () {
    var self = this;
    if (!this.playing) return;
    if (!this.step()) return;
    this.timer = setTimeout(function () { self.tick(); }, STEP_MS);
  };

  Playback.prototype.pause = function () {
    this.playing = false;
    clearTimeout(this.timer);
    this.playButton.textContent = word(this.handle, "play");
    this.playButton.setAttribute("aria-pressed", "false");
  };

  // One step: the next leg, or the next event, or the end. Returns false once playback has ended.
  Playback.prototype.step = function () {
    var ev = this.events[this.index];
    if (ev && this.drawn < ev.legs.length) this.drawLeg();
    else if (this.index + 1 < this.events.length) { this.begin(this.index + 1); this.drawLeg(); }
    else {
      var count = window.PatrolMap.eventCount(this.handle.data, this.events.length);
      this.stop(word(this.handle, "playback_finished", { count: count }), true);
      return false;
    }
    return true;
  };

  // Show every event up to this one; hide this one's legs until they are drawn.
  Playback.prototype.begin = function (i) {
    this.restore();
    var ev = this.events[i], entry = this.handle.layers[ev.id];
    this.index = i; this.drawn = 0;
    this.setRange(this.handle.data.timeline.min, ev.end);
    this.hidden = { entry: entry, legs: legsOf(entry) };
    this.handle.legs.hide(this.hidden.legs, true);
    this.handle.legs.setPlayback(true, null); // earlier events fade back
    this.handle.map.getContainer().classList.add("pm-playing"); // and their markers
    this.timeline.showNow(ev.start);
  };

  Playback.prototype.drawLeg = function () {
    var ev = this.events[this.index];
    if (this.drawn < ev.legs.length) {
      var leg = this.hidden.legs[ev.legs[this.drawn]];
      this.handle.legs.hide([leg], false);
      this.handle.legs.setPlayback(true, leg); // the leg just drawn stands out
      this.drawn++;
    }
    var legs = ev.legs.length ? word(this.handle, "leg_of", { i: this.drawn, n: ev.legs.length }) : word(this.handle, "no_route");
    this.show(ev.start + " · " + legs);
  };

  // Put back any legs playback hid, in the order the runtime drew them.
  Playback.prototype.restore = function () {
    if (!this.hidden) return;
    this.handle.legs.hide(this.hidden.legs, false);
    this.handle.legs.setPlayback(this.index >= 0, null);
    this.hidden = null;
  };

  Playback.prototype.stop = function (message, finished) {
    this.pause();
    this.restore();
    var t = this.handle.data.timeline, wasRunning = this.index >= 0;
    this.index = -1; this.drawn = 0;
    this.handle.legs.setPlayback(false, null);
    this.handle.map.getContainer().classList.remove("pm-playing");
    this.timeline.showNow(null);
    if (wasRunning && finished) this.setRange(t.min, t.max);
    this.show(message);
  };

  Playback.prototype.setRange = function (a, b) {
    this.own = true;
    try { this.handle.setRange(a, b); } finally { this.own = false; }
  };

  Playback.prototype.show = function (text) {
    this.status.textContent = text;
    var ev = this.events[this.index];
    this.timeline.svg.setAttribute("data-playing", ev ? ev.id : "");
  };

  // --- the text description -----------------------------------------------------------------------

  // A visible button opens the description; closed, it stays in the page for screen readers
  // (visually hidden, not display:none), so the accessibility tree always carries it. Its event
  // list and data table are built after the map is first drawn, ROWS_PER_TASK rows a task so the
  // page answers meanwhile (aria-busy until done), and at once when the reader opens it first.
  // Beyond YEARS_ABOVE events one long list or table would be a wall to a screen reader: both are
  // then split by year, like the layer panel, each year a <details> whose rows are built when opened.
  var ROWS_PER_TASK = 20, YEARS_ABOVE = 100;

  function TextDescription(handle) {
    var self = this;
    this.jobs = []; this.done = 0;
    var Control = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var box = el("div", "pm-text-box");
        var toggle = button(box, "pm-panel pm-text-toggle", word(handle, "text_description"));
        var region = el("section", "pm-panel pm-text pm-sr-only", box);
        region.setAttribute("aria-label", word(handle, "text_region"));
        toggle.setAttribute("aria-expanded", "false");
        toggle.addEventListener("click", function () {
          var open = region.classList.toggle("pm-sr-only") === false;
          toggle.setAttribute("aria-expanded", String(open));
          if (open) { self.complete(); region.focus(); }
        });
        region.tabIndex = -1;
        self.region = region;
        self.jobs = describe(region, handle, handle.data);
        if (self.jobs.length) region.setAttribute("aria-busy", "true");
        quiet(box);
        return box;
      }
    });
    new Control().addTo(handle.map);
    // The first task after the first frame: the map is on screen before any row is built.
    requestAnimationFrame(function () { setTimeout(function () { self.pump(); }, 0); });
  }

  TextDescription.prototype.pump = function () {
    var self = this, until = Math.min(this.done + ROWS_PER_TASK, this.jobs.length);
    while (this.done < until) this.jobs[this.done++]();
    if (this.done < this.jobs.length) setTimeout(function () { self.pump(); }, 0);
    else this.region.removeAttribute("aria-busy");
  };

  // Build what is left now (the reader opened the description, or a test asks).
  TextDescription.prototype.complete = function () {
    while (this.done < this.jobs.length) this.jobs[this.done++]();
    this.region.removeAttribute("aria-busy");
  };

  // The description's headings and overview now; returns the jobs that build the rest, in order.
  function describe(region, handle, data) {
    el("h2", "", region).textContent = word(handle, "what_map_shows");
    el("p", "", region).innerHTML = data.text.overview; // escaped by patrolmap
    var events = data.timeline ? data.timeline.events : [], jobs = [], split = events.length > YEARS_ABOVE;
    if (events.length) {
      el("h3", "", region).textContent = word(handle, "events");
      if (split) {
        var listYears = el("div", "pm-text-years", region);
        jobs.push(function () { eventYears(listYears, handle, events); });
      } else {
        var list = eventList(region, handle, "", 0);
        events.forEach(function (ev) { jobs.push(function () { eventItem(list, handle, ev); }); });
      }
    }
    el("h3", "", region).textContent = word(handle, "data_table");
    if (split) {
      var tableYearsBox = el("div", "pm-text-years", region);
      jobs.push(function () { tableYears(tableYearsBox, handle, data, events); });
    } else {
      var body = dataTable(region, handle, data, "");
      data.text.rows.forEach(function (row) { jobs.push(function () { tableRow(body, row); }); });
    }
    return jobs;
  }

  function eventList(parent, handle, year, first) {
    var list = el("ol", "pm-text-events", parent);
    list.setAttribute("aria-label", word(handle, "events_list") + (year ? " " + year : ""));
    if (first) list.start = first + 1; // numbered on from the years before
    return list;
  }

  function eventItem(list, handle, ev) {
    var item = el("li", "", list);
    item.setAttribute("data-event", ev.id);
    el("span", "", item).innerHTML = ev.text + ". "; // escaped by patrolmap
    var open = button(item, "pm-text-open", word(handle, "show_on_map"));
    open.setAttribute("aria-label", word(handle, "show_on_map") + ": " + ev.start + " " + titleText(ev));
    open.addEventListener("click", function () { openEvent(handle, ev.id); });
  }

  // Returns the table's body.
  function dataTable(parent, handle, data, year) {
    var table = el("table", "pm-text-table", parent);
    el("caption", "", table).textContent = word(handle, "table_caption") + (year ? " " + year : "");
    var head = el("tr", "", el("thead", "", table));
    data.text.columns.forEach(function (c) {
      var th = el("th", "", head);
      th.scope = "col";
      th.innerHTML = c; // escaped by patrolmap
    });
    return el("tbody", "", table);
  }

  function tableRow(body, row) {
    var tr = el("tr", "", body);
    row.forEach(function (cell, i) {
      var td = el(i === 0 ? "th" : "td", "", tr);
      if (i === 0) td.scope = "row";
      td.innerHTML = cell; // escaped by patrolmap
    });
  }

  // One closed <details> per year, "2019 (135 events)", its content built the first time it opens.
  function byYear(parent, handle, years, build) {
    Object.keys(years).sort().forEach(function (year) {
      var details = el("details", "pm-text-year", parent);
      details.setAttribute("data-year", year);
      el("summary", "", details).textContent = year + " (" + window.PatrolMap.eventCount(handle.data, years[year].length) + ")";
      details.addEventListener("toggle", function () {
        if (details.open && !details.dataset.built) { details.dataset.built = "1"; build(details, year, years[year]); }
      });
    });
  }

  function eventYears(parent, handle, events) {
    var years = {}, before = {};
    events.forEach(function (ev, i) {
      var year = ev.start.slice(0, 4);
      if (!years[year]) { years[year] = []; before[year] = i; }
      years[year].push(ev);
    });
    byYear(parent, handle, years, function (details, year, evs) {
      var list = eventList(details, handle, year, before[year]);
      evs.forEach(function (ev) { eventItem(list, handle, ev); });
    });
  }

  // The table's rows are in catalogue order; each goes under its event's year (its first cell is
  // the event's id, a slug that escaping leaves as it is).
  function tableYears(parent, handle, data, events) {
    var yearOf = {}, years = {};
    events.forEach(function (ev) { yearOf[ev.id] = ev.start.slice(0, 4); });
    data.text.rows.forEach(function (row) { (years[yearOf[row[0]]] = years[yearOf[row[0]]] || []).push(row); });
    byYear(parent, handle, years, function (details, year, rows) {
      var body = dataTable(details, handle, data, year);
      rows.forEach(function (row) { tableRow(body, row); });
    });
  }

  // Escaped HTML texts read back as plain text, all in one parse: each goes into a <p> of its own.
  function plainTexts(htmls) {
    var box = document.createElement("div");
    box.innerHTML = htmls.map(function (h) { return "<p>" + h + "</p>"; }).join(""); // escaped by patrolmap
    return [].map.call(box.children, function (p) { return p.textContent; });
  }

  function titleText(ev) {
    var span = document.createElement("span");
    span.innerHTML = ev.title; // escaped by patrolmap; read back as plain text for the label
    return span.textContent;
  }

  window.PatrolMap.timeline = true;
  window.PatrolMap.plugins.push(function (handle) {
    handle.text = new TextDescription(handle);
    if (handle.data.timeline) new Timeline(handle);
  });
})();
