/* patrolmap page runtime: draws a map from the data block the Python side wrote.
 *
 * Text fields in the data are HTML that patrolmap already escaped (safety/escape.py); this script
 * inserts only those fields as HTML and builds everything else with DOM calls. No eval, no inline
 * event handlers, no network: the page's Content-Security-Policy allows nothing else.
 */
(function () {
  "use strict";
  if (window.PatrolMap) return; // several embeds on one page share one runtime

  var DAY = 86400000;

  function el(tag, className, parent) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (parent) parent.appendChild(node);
    return node;
  }

  function readData(source) {
    if (typeof source === "string") source = document.getElementById(source);
    if (source && source.nodeType === 1) return JSON.parse(source.textContent);
    return source;
  }

  function toDay(iso) { return Math.round(Date.parse(iso + "T00:00:00Z") / DAY); }
  function fromDay(day) { return new Date(day * DAY).toISOString().slice(0, 10); }

  // --- interface words (naming helper) -------------------------------------------------------
  // The page's own words in the label language (scene/words.py), plain text in data.words: set
  // with textContent or escaped by textHtml, never inserted as HTML. {n}-style slots are filled here.
  function word(data, key, values) {
    var text = (data.words && data.words[key]) || key;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
    return text;
  }
  function eventCount(data, n) { return word(data, n === 1 ? "event_count_one" : "event_count", { n: n }); }
  function textHtml(text) { var span = document.createElement("span"); span.textContent = text; return span.innerHTML; }
  // --- end interface words -------------------------------------------------------------------

  function makePanes(map) {
    // Reference layers sit under event layers whatever order the reader toggles them in.
    // Online tiles, when asked for, go over the offline land layer and under everything else.
    [["pm-land", 250], ["pm-tiles", 300], ["pm-reference", 360], ["pm-bands", 400], ["pm-events", 420], ["pm-labels", 500], ["pm-arrows", 640]].forEach(function (p) {
      if (!map.getPane(p[0])) map.createPane(p[0]).style.zIndex = p[1];
    });
    ["pm-land", "pm-bands", "pm-labels", "pm-arrows"].forEach(function (name) { map.getPane(name).style.pointerEvents = "none"; });
  }

  // Geometry arrives as text (layers.py encode_line): integers of 1/scale degree, each vertex the
  // difference from the last, zigzag-encoded 5 bits a character in the base64url alphabet with
  // the 6th bit meaning "more follows". `readPairs` calls visit(lat, lng) for each vertex.
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var DIGIT = new Int8Array(128).fill(-1);
  for (var k = 0; k < ALPHABET.length; k++) DIGIT[ALPHABET.charCodeAt(k)] = k;

  function readPairs(text, scale, visit) {
    var lat = 0, lng = 0, acc = 0, shift = 0, half = 0, value;
    for (var i = 0; i < text.length; i++) {
      var d = DIGIT[text.charCodeAt(i)];
      acc += (d & 31) * Math.pow(2, shift);
      if (d & 32) { shift += 5; continue; }
      value = acc % 2 ? -(acc + 1) / 2 : acc / 2;
      acc = 0; shift = 0;
      if (half === 0) { lat += value; half = 1; }
      else { lng += value; half = 0; visit(lat / scale, lng / scale); }
    }
  }

  // Leaflet [lat, lng] pairs.
  function decode(text, scale) {
    var out = [];
    readPairs(text, scale, function (lat, lng) { out.push([lat, lng]); });
    return out;
  }

  function decodePolygon(rings, scale) {
    if (rings.length && typeof rings[0] !== "string") {
      return rings.map(function (polygon) { return decodePolygon(polygon, scale); });
    }
    return rings.map(function (ring) { return decode(ring, scale); });
  }

  function sourcesHtml(data, ids) {
    var items = (ids || []).map(function (id) { return data.sources[id] || ""; }).join("");
    return items ? '<p class="pm-h">' + textHtml(word(data, "sources")) + '</p><ol class="pm-sources">' + items + "</ol>" : "";
  }

  // Popups are put together when opened: every piece is HTML that patrolmap already escaped.
  function popupHtml(data, f, spec) {
    var head = typeof f.head === "number" ? data.texts[f.head] : f.head || "";
    var body = spec.popup.map(function (i) { return data.texts[i]; }).join("");
    return '<div class="pm-popup">' + head + body + sourcesHtml(data, spec.sources) + "</div>";
  }

  // Route legs (features with no type), with their uncertainty bands, go to the leg canvases
  // (legcanvas.js), held by the event's `holder`; everything else is a Leaflet layer in `group`.
  function drawFeature(data, f, spec, pane, renderer, group, holder, arrows) {
    if (!f.type) {
      var leg = holder.owner().addLeg(holder, f, spec);
      (f.a || []).forEach(function (a) {
        arrows.push({ latlng: L.latLng(a[0], a[1]), angle: screenAngle(a), colour: leg.colour, group: group, leg: leg });
      });
      return;
    }
    var options = L.extend({ pane: pane, renderer: renderer(pane) }, data.styles[f.s] || {});
    var shape;
    if (f.type === "polygon") shape = L.polygon(decodePolygon(f.c, data.scale), options);
    else if (f.type === "line") shape = L.polyline(decode(f.c, data.scale), options);
    else if (f.type === "point") shape = L.circleMarker(decode(f.c, data.scale)[0], L.extend(options, { radius: f.radius || 4 }));
    else if (f.type === "marker") {
      shape = L.circleMarker(decode(f.c, data.scale)[0], L.extend(options, {
        pane: "pm-events", renderer: renderer("pm-events"), radius: f.radius || 6, className: "pm-notable"
      }));
    }
    if (!shape) return;
    if (f.popup) shape.bindPopup(f.popup, POPUP);
    else if (spec.popup) shape.bindPopup(function () { return popupHtml(data, f, spec); }, POPUP);
    if (f.tooltip) shape.bindTooltip(f.tooltip, { sticky: true, direction: "top", opacity: 0.95 });
    shape.addTo(group);
  }

  // Direction arrows come placed from the scene (scene/arrows.py): a point on the leg and a point
  // just ahead of it. On the Web Mercator screen the arrowhead turns from north towards the second.
  function mercatorY(lat) { return Math.log(Math.tan(Math.PI / 4 + lat * Math.PI / 360)) * 180 / Math.PI; }

  function screenAngle(a) {
    return Math.atan2(a[3] - a[1], mercatorY(a[2]) - mercatorY(a[0])) * 180 / Math.PI;
  }

  var POPUP = { maxWidth: 380, maxHeight: 440, autoPanPadding: [30, 30] };

  // A popup never wider or taller than its map allows: on a 360-390 px phone (or in a small embed)
  // 380 px of content plus the popup's own margins would run off the screen. It also stays clear
  // of the panels above and below it (which sit over popups), scrolling within its height, so its
  // last row can always be reached. Leaflet lays the popup out from these options, so narrow them
  // before it does, each time one opens.
  var POPUP_MARGINS = { x: 2 * 30 + 50, y: 60 }; // autoPanPadding each side; the popup frame and tip

  // A popup is painted first and only then panned into view, in one jump. Leaflet's autopan
  // animates the map before the popup's first frame; where the browser composites in software
  // (GPU-less desktops, headless) each frame of that slide re-composites the leg canvases, and a
  // click waited about a second for its popup (1,000 events, 100k vertices; 14 ms with no pan).
  var leafletAdjustPan = L.Popup.prototype._adjustPan;
  L.Popup.include({
    _adjustPan: function () {
      var popup = this;
      if (!this.options.autoPan || this._pmPanQueued) return;
      this._pmPanQueued = true;
      requestAnimationFrame(function () { // runs before the frame that paints the popup
        setTimeout(function () {          // so this runs after it
          popup._pmPanQueued = false;
          var map = popup._map;
          if (!map) return;
          var panBy = map.panBy;
          map.panBy = function (offset) { return panBy.call(map, offset, { animate: false }); };
          try { leafletAdjustPan.call(popup); } finally { map.panBy = panBy; }
        }, 0);
      });
    }
  });

  function fitPopups(map) {
    map.on("popupopen", function (e) {
      var size = map.getSize(), options = e.popup.options, corners = map._controlCorners;
      var top = Math.min(corners.topleft.offsetHeight + 10, size.y / 2);
      var bottom = Math.min(Math.max(corners.bottomleft.offsetHeight, corners.bottomright.offsetHeight) + 10, size.y / 4);
      var width = Math.max(160, Math.min(POPUP.maxWidth, size.x - POPUP_MARGINS.x));
      var height = Math.max(120, Math.min(POPUP.maxHeight, size.y - top - bottom - POPUP_MARGINS.y));
      options.autoPanPaddingTopLeft = L.point(30, top);
      options.autoPanPaddingBottomRight = L.point(30, bottom);
      if (options.maxWidth !== width || options.maxHeight !== height) {
        options.maxWidth = width;
        options.minWidth = Math.min(options.minWidth || 50, width);
        options.maxHeight = height;
        e.popup.update();
      }
    });
  }

  // Direction arrows for every route on one canvas, redrawn after each move or zoom: thousands of
  // arrows cost a few points each in one path per colour instead of one DOM marker (and map
  // handler) each. The arrowhead's outline, pointing up, in px:
  var ARROW = [[0, -6.5], [5.5, 5.5], [0, 2.5], [-5.5, 5.5]];

  var ArrowLayer = L.Layer.extend({
    initialize: function (arrows) {
      this._arrows = arrows;
      var byColour = this._byColour = {};
      arrows.forEach(function (a) {
        var t = a.angle * Math.PI / 180, p = L.CRS.EPSG3857.latLngToPoint(a.latlng, 0);
        a.x = p.x; a.y = p.y; a.cos = Math.cos(t); a.sin = Math.sin(t);
        (byColour[a.colour] = byColour[a.colour] || []).push(a);
      });
    },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "pm-arrow-canvas", map.getPane("pm-arrows"));
      map.on("moveend zoomend resize viewreset", this.redraw, this);
      map.on("zoomstart", this._hide, this);
      this.redraw();
    },
    onRemove: function (map) {
      map.off("moveend zoomend resize viewreset", this.redraw, this);
      map.off("zoomstart", this._hide, this);
      L.DomUtil.remove(this._canvas);
    },
    _hide: function () { this._canvas.style.visibility = "hidden"; },
    redraw: function () {
      var map = this._map, size = map.getSize(), ratio = window.devicePixelRatio || 1;
      var canvas = this._canvas, ctx = canvas.getContext("2d");
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      canvas.width = size.x * ratio; canvas.height = size.y * ratio;
      canvas.style.width = size.x + "px"; canvas.style.height = size.y + "px";
      canvas.style.visibility = "visible";
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 1; ctx.strokeStyle = "#ffffff";
      // Container px = world px at zoom 0 x s - (ox, oy).
      var s = map.getZoomScale(map.getZoom(), 0), origin = map.getPixelOrigin();
      var corner = map.containerPointToLayerPoint([0, 0]), ox = origin.x + corner.x, oy = origin.y + corner.y;
      var byColour = this._byColour, pad = 8;
      Object.keys(byColour).forEach(function (colour) {
        var arrows = byColour[colour], all = new Path2D();
        for (var i = 0; i < arrows.length; i++) {
          var a = arrows[i];
          if (!a.leg.on || a.leg.hidden) continue; // its leg (or event) is hidden
          var x = a.x * s - ox, y = a.y * s - oy;
          if (x < -pad || y < -pad || x > size.x + pad || y > size.y + pad) continue;
          // Each arrowhead closed in a path of its own, then added: closePath costs time in
          // proportion to the whole path before it (Chromium), so thousands of arrowheads closed in
          // one path took seconds. Drawn the same, pixel for pixel.
          var head = new Path2D();
          for (var k = 0; k < ARROW.length; k++) {
            var u = ARROW[k][0], v = ARROW[k][1], px = x + u * a.cos - v * a.sin, py = y + u * a.sin + v * a.cos;
            if (k === 0) head.moveTo(px, py); else head.lineTo(px, py);
          }
          head.closePath();
          all.addPath(head);
        }
        ctx.fillStyle = colour; ctx.fill(all); ctx.stroke(all);
      });
    }
  });

  // Map labels (scene/labels.py), each [html, lat, lng, min zoom, priority, kind, colour]: shown
  // from their zoom on, the most important first; one that would overlap a label already shown
  // is hidden at that zoom. A place's name sits beside its dot rather than on it.
  var LABEL_GAP = 3;

  var LabelLayer = L.Layer.extend({
    initialize: function (labels) { this._labels = labels; },
    onAdd: function (map) {
      var pane = map.getPane("pm-labels");
      this._items = this._labels.map(function (l, i) {
        var node = el("div", "pm-map-label pm-map-label-" + l[5], pane);
        node.innerHTML = l[0]; // escaped by patrolmap
        node.style.color = l[6];
        return { node: node, latlng: L.latLng(l[1], l[2]), zoom: l[3], priority: l[4], kind: l[5], order: i };
      }).sort(function (a, b) { return a.priority - b.priority || a.order - b.order; });
      map.on("zoomend viewreset resize", this.update, this);
      this.update();
    },
    onRemove: function (map) {
      map.off("zoomend viewreset resize", this.update, this);
      this._items.forEach(function (item) { L.DomUtil.remove(item.node); });
    },
    update: function () {
      var map = this._map, zoom = map.getZoom(), placed = [];
      this._items.forEach(function (item) {
        var show = zoom >= item.zoom;
        if (show) {
          item.node.style.display = "block";
          if (!item.w) { item.w = item.node.offsetWidth; item.h = item.node.offsetHeight; }
          var p = map.latLngToLayerPoint(item.latlng);
          var x = item.kind === "place" ? p.x + 7 : p.x - item.w / 2, y = p.y - item.h / 2;
          var box = [x - LABEL_GAP, y - LABEL_GAP, x + item.w + LABEL_GAP, y + item.h + LABEL_GAP];
          show = !placed.some(function (b) { return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]; });
          if (show) { placed.push(box); L.DomUtil.setPosition(item.node, L.point(Math.round(x), Math.round(y))); }
        }
        item.node.style.display = show ? "block" : "none";
        item.node.classList.toggle("pm-shown", show);
      });
    }
  });

  function buildLayers(map, data, renderer) {
    var layers = {}, arrows = [];
    var legs = new window.PatrolMap.LegLayers(map, data, function (f, spec) { return popupHtml(data, f, spec); });
    data.groups.forEach(function (group) {
      var pane = group.kind === "reference" ? "pm-reference" : "pm-events";
      group.layers.forEach(function (spec) {
        // An event's legs and bands are drawn by the leg canvases; one layer in its group stands
        // for them, so they show and hide with the event.
        var g = L.featureGroup(), holder = legs.eventLayer();
        spec.features.forEach(function (f) {
          drawFeature(data, f, spec, pane, renderer, g, holder, arrows);
        });
        if (holder.legs.length || holder.bands.length) g.addLayer(holder);
        layers[spec.id] = { layer: g, spec: spec, group: group, wanted: spec.show, inRange: true, legs: holder.legs };
      });
    });
    // The layers go on the map when it gets its view, before the leg canvases draw, all from one
    // listener: one `whenReady` a layer scans every listener before it (Leaflet refuses
    // duplicates), 121 ms at 10,000 events and growing with the square.
    map.whenReady(function () {
      Object.keys(layers).forEach(function (id) { refresh(map, layers[id]); });
    });
    legs.addTo(map);
    var arrowLayer = new ArrowLayer(arrows).addTo(map);
    legs.onRedraw = function () { arrowLayer.redraw(); };
    return { layers: layers, arrows: arrowLayer, legs: legs };
  }

  function refresh(map, entry) {
    var on = entry.wanted && entry.inRange;
    if (on && !map.hasLayer(entry.layer)) entry.layer.addTo(map);
    if (!on && map.hasLayer(entry.layer)) map.removeLayer(entry.layer);
    if (entry.checkbox) {
      entry.checkbox.checked = entry.wanted;
      entry.checkbox.disabled = !entry.inRange;
      entry.item.classList.toggle("pm-out-of-range", !entry.inRange);
    }
  }

  // A panel with a heading button that folds it away. It starts open; layoutPanels folds panels
  // the map has no room for, in FOLD order of `name`. Returns the body to fill.
  function collapsible(box, title, map, name) {
    var head = el("button", "pm-panel-toggle", box);
    head.type = "button";
    head.textContent = title;
    var body = el("div", "pm-panel-body", box);
    var panel = {
      box: box, rank: FOLD[name] || 0, touched: false,
      set: function (open) {
        box.classList.toggle("pm-collapsed", !open);
        head.setAttribute("aria-expanded", String(open));
      }
    };
    head.addEventListener("click", function () {
      panel.touched = true; // the reader's choice stands, whatever the map's size
      panel.set(box.classList.contains("pm-collapsed"));
    });
    panel.set(true);
    (map._pmPanels = map._pmPanels || []).push(panel);
    return body;
  }

  // A group with more events than this is listed by year, each year's rows built when opened.
  var ROWS_PER_GROUP = 40;

  var LayerPanel = L.Control.extend({
    options: { position: "topright" },
    initialize: function (data, layers, toggle) { this._data = data; this._layers = layers; this._toggle = toggle; },
    onAdd: function (map) {
      var self = this;
      var box = el("div", "pm-panel pm-layers leaflet-bar");
      var body = collapsible(box, word(this._data, "layers"), map, "layers");
      this._data.groups.forEach(function (group) {
        var section = el("section", "pm-group", body);
        section.setAttribute("data-group", group.id);
        el("h4", "", section).innerHTML = group.label; // escaped by patrolmap
        if (group.layers.length <= ROWS_PER_GROUP) {
          group.layers.forEach(function (spec) { self._row(section, spec); });
        } else {
          self._years(section, group);
        }
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    },
    _row: function (parent, spec) {
      var self = this, entry = this._layers[spec.id];
      var item = el("label", "pm-item", parent);
      item.setAttribute("data-layer", spec.id);
      var check = el("input", "", item);
      check.type = "checkbox";
      if (spec.colour) el("span", "pm-swatch", item).style.background = spec.colour;
      el("span", "pm-label", item).innerHTML = spec.label; // escaped by patrolmap
      entry.checkbox = check;
      entry.item = item;
      check.addEventListener("change", function () { self._toggle([entry], check.checked); });
      check.checked = entry.wanted;
      check.disabled = !entry.inRange;
      item.classList.toggle("pm-out-of-range", !entry.inRange);
    },
    _years: function (section, group) {
      var self = this, byYear = {};
      group.layers.forEach(function (spec) { (byYear[spec.start.slice(0, 4)] = byYear[spec.start.slice(0, 4)] || []).push(spec); });
      Object.keys(byYear).sort().forEach(function (year) {
        var specs = byYear[year], entries = specs.map(function (s) { return self._layers[s.id]; });
        var details = el("details", "pm-year", section);
        details.setAttribute("data-year", year);
        var summary = el("summary", "", details);
        var all = el("input", "", summary);
        all.type = "checkbox";
        all.checked = true;
        el("span", "pm-label", summary).textContent = year + " (" + eventCount(self._data, specs.length) + ")";
        all.addEventListener("click", function (e) { e.stopPropagation(); });
        all.addEventListener("change", function () { self._toggle(entries, all.checked); });
        details.addEventListener("toggle", function () {
          if (details.open && !details.dataset.built) {
            details.dataset.built = "1";
            specs.forEach(function (spec) { self._row(details, spec); });
          }
        });
      });
    }
  });

  var TitleBox = L.Control.extend({
    options: { position: "topleft" },
    initialize: function (data) { this._data = data; },
    onAdd: function () {
      var box = el("div", "pm-panel pm-title");
      el("h1", "", box).innerHTML = this._data.title;
      el("p", "", box).innerHTML = this._data.subtitle;
      L.DomEvent.disableClickPropagation(box);
      return box;
    }
  });

  var Legend = L.Control.extend({
    options: { position: "bottomleft" },
    initialize: function (data) { this._data = data; },
    onAdd: function (map) {
      var outer = el("div", "pm-panel pm-legend");
      var box = collapsible(outer, word(this._data, "legend"), map, "legend");
      this._data.legend.forEach(function (item) {
        var row = el("div", "pm-legend-row", box);
        var key = el("span", "pm-key pm-key-" + item.kind, row);
        key.style.setProperty("--pm-colour", item.colour);
        el("span", "", row).innerHTML = item.label; // escaped by patrolmap
      });
      L.DomEvent.disableClickPropagation(outer);
      return outer;
    }
  });

  var TimeFilter = L.Control.extend({
    options: { position: "bottomright" },
    initialize: function (timeline, apply, data) { this._t = timeline; this._apply = apply; this._data = data; },
    onAdd: function (map) {
      var self = this, lo = toDay(this._t.min), hi = toDay(this._t.max);
      var outer = el("div", "pm-panel pm-time");
      var box = collapsible(outer, word(this._data, "dates_shown"), map, "dates");
      var label = el("p", "pm-time-label", box);
      function slider(value, name) {
        var input = el("input", "pm-range", box);
        input.type = "range"; input.min = lo; input.max = hi; input.step = 1; input.value = value;
        input.setAttribute("aria-label", name);
        input.addEventListener("input", update);
        return input;
      }
      var from = slider(lo, word(this._data, "from_date")), to = slider(hi, word(this._data, "to_date"));
      var reset = el("button", "pm-reset", box);
      reset.type = "button";
      reset.textContent = word(this._data, "all_dates");
      reset.addEventListener("click", function () { from.value = lo; to.value = hi; update(); });
      function update() {
        var a = Math.min(+from.value, +to.value), b = Math.max(+from.value, +to.value);
        label.textContent = fromDay(a) + " – " + fromDay(b);
        self._apply(fromDay(a), fromDay(b));
      }
      this.set = function (a, b) { from.value = toDay(a); to.value = toDay(b); update(); };
      label.textContent = this._t.min + " – " + this._t.max;
      L.DomEvent.disableClickPropagation(outer);
      return outer;
    }
  });

  function attach(map, source) {
    var data = readData(source);
    makePanes(map);
    fitPopups(map);
    map.getPane("pm-bands").style.opacity = data.bandOpacity;
    map.getContainer().classList.add("pm-map");
    map.getContainer().style.background = data.colours.sea;
    // One renderer per pane: a renderer draws into its own pane, whatever pane a path asks for.
    var renderers = {};
    function renderer(pane) {
      if (!renderers[pane]) {
        var options = { pane: pane, padding: 0.5 };
        renderers[pane] = data.renderer === "canvas" ? L.canvas(options) : L.svg(options);
      }
      return renderers[pane];
    }
    var layers = {}, arrows = null, legs = null;
    function toggle(entries, on) {
      entries.forEach(function (entry) { entry.wanted = on; refresh(map, entry); });
      if (arrows && entries.length) arrows.redraw();
    }
    function setRange(a, b) {
      Object.keys(layers).forEach(function (id) {
        var entry = layers[id], spec = entry.spec;
        entry.inRange = !spec.start || (spec.end >= a && spec.start <= b);
        refresh(map, entry);
      });
      if (arrows) arrows.redraw();
      map.fire("pm:range", { from: a, to: b }); // for plugins (timeline.js)
    }
    // Controls, then the layers, then (below) the view: each layer is drawn once, at its final place.
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(data.attribution);
    foldingAttribution(map.attributionControl.getContainer());
    var title = new TitleBox(data).addTo(map);
    L.control.zoom({ position: "topleft", zoomInTitle: word(data, "zoom_in"), zoomOutTitle: word(data, "zoom_out") }).addTo(map);
    var panel = new LayerPanel(data, layers, toggle);
    new Legend(data).addTo(map);
    var filter = data.timeline ? new TimeFilter(data.timeline, setRange, data).addTo(map) : null;
    var views = data.views && data.views.length ? data.views : null;
    if (views) new ViewSwitch(views, function (bounds) { fit(map, bounds); }, data).addTo(map);
    if (data.basemap) {
      L.tileLayer(data.basemap.url, { attribution: data.basemap.attribution, maxZoom: 12, pane: "pm-tiles" }).addTo(map);
    }
    L.polygon(decodePolygon(data.land, data.scale), {
      pane: "pm-land", renderer: renderer("pm-land"), interactive: false, color: data.colours.landEdge,
      weight: 0.6, fillColor: data.colours.land, fillOpacity: 1
    }).addTo(map);
    var built = buildLayers(map, data, renderer);
    L.extend(layers, built.layers);
    arrows = built.arrows;
    legs = built.legs;
    var labels = new LabelLayer(data.labels || []).addTo(map);
    panel.addTo(map);
    var handle = {
      map: map, layers: layers, data: data, arrows: arrows, labels: labels, legs: legs,
      setRange: function (a, b) { if (filter) filter.set(a, b); else setRange(a, b); }
    };
    plugins.forEach(function (plugin) { plugin(handle); });
    // The view last, once every panel (the plugins' too) is in place and folded to fit: Leaflet
    // draws the layers added above when the map first gets a view, so each is drawn once.
    watchLayout(map, views ? views[0].bounds : data.bounds);
    (window.patrolmaps = window.patrolmaps || []).push(handle);
    return handle;
  }

  // --- panel layout: which panels stay open, and the part of the map they leave free -------------
  // Sized by the map's own box (an embed's or a notebook cell's), never the window's. Panels start
  // open on a map of at least ROOMY px (a laptop screen), folded on anything smaller (a phone, an
  // article column, a notebook cell) so the data has the map. Open, they fold in FOLD order while
  // two corners' controls would overlap or the part they leave free is under FREE_SHARE of the map.
  var FOLD = { dates: 1, layers: 2, timeline: 3, legend: 4 };
  var ROOMY = { x: 1000, y: 650 }, FREE_SHARE = 0.25, GAP = 6;

  function layoutPanels(map) {
    // Not those the reader opened or folded, nor those a plugin moved off the map (print mode).
    var panels = (map._pmPanels || []).filter(function (p) {
      return !p.touched && map.getContainer().contains(p.box);
    });
    var size = map.getSize(), roomy = size.x >= ROOMY.x && size.y >= ROOMY.y;
    panels.forEach(function (p) { p.set(roomy); });
    panels.sort(function (a, b) { return a.rank - b.rank; });
    for (var i = 0; i < panels.length && crowded(map); i++) panels[i].set(false);
    markCutAttribution(map);
  }

  // The boxes of the map's controls (panels, buttons, scale, attribution), by corner, in px of the
  // map container: [left, top, right, bottom].
  function controlBoxes(map) {
    var origin = map.getContainer().getBoundingClientRect(), boxes = {};
    Object.keys(map._controlCorners).forEach(function (corner) {
      boxes[corner] = [].slice.call(map._controlCorners[corner].children).map(function (node) {
        var r = node.getBoundingClientRect();
        return [r.left - origin.left, r.top - origin.top, r.right - origin.left, r.bottom - origin.top];
      }).filter(function (b) { return b[2] > b[0] && b[3] > b[1]; });
    });
    return boxes;
  }

  function crowded(map) {
    var boxes = controlBoxes(map), corners = Object.keys(boxes), size = map.getSize();
    for (var i = 0; i < corners.length; i++) {
      for (var j = i + 1; j < corners.length; j++) {
        var clash = boxes[corners[i]].some(function (a) {
          return boxes[corners[j]].some(function (b) {
            return a[0] < b[2] + GAP && b[0] < a[2] + GAP && a[1] < b[3] + GAP && b[1] < a[3] + GAP;
          });
        });
        if (clash) return true;
      }
    }
    return freeAreas(map, boxes).every(function (p) {
      return (size.x - p[0] - p[2]) * (size.y - p[1] - p[3]) < FREE_SHARE * size.x * size.y;
    });
  }

  // Each way of keeping clear of every control: padding [left, top, right, bottom] such that each
  // control lies outside the rectangle inside it. A control in a corner is cleared by the padding
  // of either side it touches, so each corner offers a staircase of choices.
  function freeAreas(map, boxes) {
    var size = map.getSize();
    function stairs(list, horizontal, vertical) {
      // Clear the controls reaching beyond a vertical padding with the horizontal one.
      var steps = [0].concat(list.map(function (b) { return vertical(b); }));
      return steps.map(function (v) {
        var h = 0;
        list.forEach(function (b) { if (vertical(b) > v) h = Math.max(h, horizontal(b)); });
        return [h, v];
      });
    }
    var tl = stairs(boxes.topleft, function (b) { return b[2]; }, function (b) { return b[3]; });
    var tr = stairs(boxes.topright, function (b) { return size.x - b[0]; }, function (b) { return b[3]; });
    var bl = stairs(boxes.bottomleft, function (b) { return b[2]; }, function (b) { return size.y - b[1]; });
    var br = stairs(boxes.bottomright, function (b) { return size.x - b[0]; }, function (b) { return size.y - b[1]; });
    var out = [];
    tl.forEach(function (a) { tr.forEach(function (b) { bl.forEach(function (c) { br.forEach(function (d) {
      out.push([Math.max(a[0], c[0]), Math.max(a[1], b[1]), Math.max(b[0], d[0]), Math.max(c[1], d[1])]);
    }); }); }); });
    return out;
  }

  // Frame `bounds` in the free part of the map that shows it largest, MARGIN px clear of every
  // control; a map with no such part (panels opened on a phone) uses a small margin. Zoom snaps to
  // quarter steps so the view fills the free part.
  var MARGIN = 12;

  function fit(map, bounds) {
    var size = map.getSize(), best = null, bestZoom = -Infinity;
    map.options.zoomSnap = 0.25;
    freeAreas(map, controlBoxes(map)).forEach(function (p) {
      var pad = p.map(function (v) { return v + MARGIN; });
      if (size.x - pad[0] - pad[2] < 60 || size.y - pad[1] - pad[3] < 60) return;
      var zoom = map.getBoundsZoom(bounds, false, L.point(pad[0] + pad[2], pad[1] + pad[3]));
      if (zoom > bestZoom) { bestZoom = zoom; best = pad; }
    });
    best = best || [MARGIN, MARGIN, MARGIN, MARGIN];
    map.fitBounds(bounds, {
      paddingTopLeft: [best[0], best[1]], paddingBottomRight: [best[2], best[3]], maxZoom: 7, animate: false
    });
  }

  // Fold what the map has no room for now, and again whenever the map's box changes size (an
  // embed's column, a notebook cell, a rotated phone). A map first laid out with no size (an
  // iframe not yet placed by its host page) is fitted again once it has one.
  function watchLayout(map, bounds) {
    layoutPanels(map);
    if (!map._loaded) fit(map, bounds); // unless a plugin (print mode) set a view of its own
    if (!window.ResizeObserver) return;
    var box = map.getContainer(), last = L.point(box.clientWidth, box.clientHeight);
    new ResizeObserver(function () {
      var size = L.point(box.clientWidth, box.clientHeight);
      if (size.equals(last)) return;
      var empty = !last.x || !last.y;
      last = size;
      map.invalidateSize({ animate: false });
      layoutPanels(map);
      if (empty) fit(map, bounds);
    }).observe(box);
  }

  // The attribution line, cut short on a narrow map (patrolmap.css), opens whole on a tap, or on
  // Enter: it takes keyboard focus only while it is cut short and on the map (not on a print sheet).
  function foldingAttribution(box) {
    function toggle() { box.classList.toggle("pm-open"); }
    box.addEventListener("click", toggle);
    box.addEventListener("keydown", function (e) { if (e.key === "Enter") toggle(); });
  }

  function markCutAttribution(map) {
    var box = map.attributionControl && map.attributionControl.getContainer();
    if (!box) return;
    var cut = map.getContainer().contains(box) &&
      (box.classList.contains("pm-open") || box.scrollWidth > box.clientWidth + 1);
    if (cut) {
      box.tabIndex = 0;
      box.title = "Credits and caveat: tap to show them whole";
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("title");
    }
  }

  // Buttons that move the map between the regions of a selection spanning several (views.py says
  // why buttons, not an inset). The first view is the one the map opens on.
  var ViewSwitch = L.Control.extend({
    options: { position: "topleft" },
    initialize: function (views, show, data) { this._views = views; this._show = show; this._data = data; },
    onAdd: function () {
      var self = this, box = el("div", "pm-panel pm-views");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", word(this._data, "map_view"));
      var buttons = this._views.map(function (view, i) {
        var button = el("button", "pm-view", box);
        button.type = "button";
        button.textContent = view.text || view.label;
        button.title = eventCount(self._data, view.events);
        button.setAttribute("data-view", view.label);
        button.setAttribute("aria-pressed", String(i === 0));
        button.addEventListener("click", function () {
          buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
          self._show(view.bounds);
        });
        return button;
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    }
  });

  function create(container, source) {
    var data = readData(source);
    var map = L.map(container, { zoomControl: false, preferCanvas: data.renderer === "canvas", worldCopyJump: false });
    L.control.scale().addTo(map); // km and miles, as on the full page
    return attach(map, data);
  }

  // Plugins (timeline.js) extend every map through this hook: each is called with the map's handle
  // {map, layers, data, arrows, legs, setRange} once its layers and panels are added (Leaflet draws
  // the layers when the map gets its first view, right after the plugins), and the map fires
  // "pm:range" {from, to} (ISO dates) whenever the date filter changes. `collapsible` makes a panel
  // that folds when the map has no room for it open.
  var plugins = [];
  window.PatrolMap = {
    attach: attach, create: create, plugins: plugins, collapsible: collapsible, word: word, eventCount: eventCount,
    readPairs: readPairs, decode: decode, POPUP: POPUP // for legcanvas.js
  };
})();
