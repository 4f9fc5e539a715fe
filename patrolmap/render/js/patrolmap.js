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

  function makePanes(map) {
    // Reference layers sit under event layers whatever order the reader toggles them in.
    // Online tiles, when asked for, go over the offline land layer and under everything else.
    [["pm-land", 250], ["pm-tiles", 300], ["pm-reference", 360], ["pm-events", 420], ["pm-arrows", 640]].forEach(function (p) {
      if (!map.getPane(p[0])) map.createPane(p[0]).style.zIndex = p[1];
    });
    map.getPane("pm-land").style.pointerEvents = "none";
    map.getPane("pm-arrows").style.pointerEvents = "none";
  }

  function drawFeature(f, layerSpec, pane, renderer, group) {
    var options = L.extend({ pane: pane, renderer: renderer(pane) }, f.style || {});
    var shape;
    if (f.type === "polygon") shape = L.polygon(f.latlngs, options);
    else if (f.type === "line") shape = L.polyline(f.latlngs, options);
    else if (f.type === "point") shape = L.circleMarker(f.latlng, L.extend(options, { radius: f.radius || 4 }));
    else if (f.type === "marker") {
      shape = L.circleMarker(f.latlng, {
        pane: "pm-events", renderer: renderer("pm-events"), radius: 6, color: "#111", weight: 2.5,
        fillColor: "#fff", fillOpacity: 0.9, className: "pm-notable"
      });
    }
    if (!shape) return;
    var popup = (f.head || "") + (f.popup || layerSpec.popup || "");
    if (popup) shape.bindPopup(popup, { maxWidth: 380, maxHeight: 440, autoPanPadding: [30, 30] });
    if (f.tooltip) shape.bindTooltip(f.tooltip, { sticky: true, direction: "top", opacity: 0.95 });
    shape.addTo(group);
    (f.arrows || []).forEach(function (a) {
      var icon = L.divIcon({
        className: "pm-arrow",
        iconSize: [14, 14],
        html: '<svg viewBox="0 0 14 14" width="14" height="14" style="transform:rotate(' + Number(a[2]) +
          'deg)"><path d="M7 1 L12.5 12.5 L7 9.5 L1.5 12.5 Z" fill="' + f.colour + '" stroke="#fff" stroke-width="1"/></svg>'
      });
      L.marker([a[0], a[1]], { icon: icon, pane: "pm-arrows", interactive: false, keyboard: false }).addTo(group);
    });
  }

  function buildLayers(map, data, renderer) {
    var layers = {};
    data.groups.forEach(function (group) {
      var pane = group.kind === "reference" ? "pm-reference" : "pm-events";
      group.layers.forEach(function (spec) {
        var g = L.featureGroup();
        spec.features.forEach(function (f) { drawFeature(f, spec, pane, renderer, g); });
        layers[spec.id] = { layer: g, spec: spec, group: group, wanted: spec.show, inRange: true };
        if (spec.show) g.addTo(map);
      });
    });
    return layers;
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

  var LayerPanel = L.Control.extend({
    options: { position: "topright" },
    initialize: function (data, layers) { this._data = data; this._layers = layers; },
    onAdd: function (map) {
      var self = this;
      var box = el("div", "pm-panel pm-layers leaflet-bar");
      var head = el("button", "pm-panel-toggle", box);
      head.type = "button";
      head.textContent = "Layers";
      head.setAttribute("aria-expanded", "true");
      var body = el("div", "pm-panel-body", box);
      head.addEventListener("click", function () {
        var open = box.classList.toggle("pm-collapsed") === false;
        head.setAttribute("aria-expanded", String(open));
      });
      this._data.groups.forEach(function (group) {
        var section = el("section", "pm-group", body);
        section.setAttribute("data-group", group.id);
        var title = el("h4", "", section);
        title.innerHTML = group.label; // escaped by patrolmap
        group.layers.forEach(function (spec) {
          var entry = self._layers[spec.id];
          var item = el("label", "pm-item", section);
          item.setAttribute("data-layer", spec.id);
          var box2 = el("input", "", item);
          box2.type = "checkbox";
          box2.checked = spec.show;
          if (spec.colour) el("span", "pm-swatch", item).style.background = spec.colour;
          var text = el("span", "pm-label", item);
          text.innerHTML = spec.label; // escaped by patrolmap
          entry.checkbox = box2;
          entry.item = item;
          box2.addEventListener("change", function () {
            entry.wanted = box2.checked;
            refresh(map, entry);
          });
        });
      });
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
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
    onAdd: function () {
      var box = el("div", "pm-panel pm-legend");
      el("h4", "", box).textContent = "Legend";
      this._data.legend.forEach(function (item) {
        var row = el("div", "pm-legend-row", box);
        var key = el("span", "pm-key pm-key-" + item.kind, row);
        key.style.setProperty("--pm-colour", item.colour);
        el("span", "", row).innerHTML = item.label; // escaped by patrolmap
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    }
  });

  var TimeFilter = L.Control.extend({
    options: { position: "bottomright" },
    initialize: function (timeline, apply) { this._t = timeline; this._apply = apply; },
    onAdd: function () {
      var self = this, lo = toDay(this._t.min), hi = toDay(this._t.max);
      var box = el("div", "pm-panel pm-time");
      el("h4", "", box).textContent = "Dates shown";
      var label = el("p", "pm-time-label", box);
      function slider(value, name) {
        var input = el("input", "pm-range", box);
        input.type = "range"; input.min = lo; input.max = hi; input.step = 1; input.value = value;
        input.setAttribute("aria-label", name);
        input.addEventListener("input", update);
        return input;
      }
      var from = slider(lo, "From date"), to = slider(hi, "To date");
      var reset = el("button", "pm-reset", box);
      reset.type = "button";
      reset.textContent = "All dates";
      reset.addEventListener("click", function () { from.value = lo; to.value = hi; update(); });
      function update() {
        var a = Math.min(+from.value, +to.value), b = Math.max(+from.value, +to.value);
        label.textContent = fromDay(a) + " – " + fromDay(b);
        self._apply(fromDay(a), fromDay(b));
      }
      this.set = function (a, b) { from.value = toDay(a); to.value = toDay(b); update(); };
      label.textContent = this._t.min + " – " + this._t.max;
      L.DomEvent.disableClickPropagation(box);
      return box;
    }
  });

  function attach(map, source) {
    var data = readData(source);
    makePanes(map);
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
    if (data.basemap) {
      L.tileLayer(data.basemap.url, { attribution: data.basemap.attribution, maxZoom: 12, pane: "pm-tiles" }).addTo(map);
    }
    L.polygon(data.land, {
      pane: "pm-land", renderer: renderer("pm-land"), interactive: false, color: data.colours.landEdge,
      weight: 0.6, fillColor: data.colours.land, fillOpacity: 1
    }).addTo(map);
    var layers = buildLayers(map, data, renderer);
    function setRange(a, b) {
      Object.keys(layers).forEach(function (id) {
        var entry = layers[id], spec = entry.spec;
        entry.inRange = !spec.start || (spec.end >= a && spec.start <= b);
        refresh(map, entry);
      });
    }
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(data.attribution);
    var title = new TitleBox(data).addTo(map);
    L.control.zoom({ position: "topleft" }).addTo(map);
    var panel = new LayerPanel(data, layers).addTo(map);
    new Legend(data).addTo(map);
    var filter = data.timeline ? new TimeFilter(data.timeline, setRange).addTo(map) : null;
    // Frame the data in the part of the map the panels leave free (when the map is wide enough).
    var size = map.getSize(), right = panel.getContainer().offsetWidth + 24;
    var top = title.getContainer().offsetHeight + 24;
    map.fitBounds(data.bounds, {
      paddingTopLeft: [24, size.y > 500 ? top : 24],
      paddingBottomRight: [size.x > 2.5 * right ? right : 24, 24],
      maxZoom: 7
    });
    var handle = {
      map: map, layers: layers, data: data,
      setRange: function (a, b) { if (filter) filter.set(a, b); else setRange(a, b); }
    };
    (window.patrolmaps = window.patrolmaps || []).push(handle);
    return handle;
  }

  function create(container, source) {
    var data = readData(source);
    var map = L.map(container, { zoomControl: false, preferCanvas: data.renderer === "canvas", worldCopyJump: false });
    L.control.scale().addTo(map); // km and miles, as on the full page
    return attach(map, data);
  }

  window.PatrolMap = { attach: attach, create: create };
})();
