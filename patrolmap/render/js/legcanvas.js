/* patrolmap route legs and uncertainty bands on canvases: a part of the page runtime (patrolmap.js).
 *
 * Thousands of legs as one Leaflet path each cost a path object, a projection and a stroke each
 * (benchmarks/README.md). Here every style of the scene's style table gets one batch that draws
 * all of its visible legs in one path and one stroke, clipped to the view (all the legs' batches
 * share one canvas, the bands' another: fewer, smaller layers to raster), and a grid of segments
 * finds the leg under the pointer for the tooltip, the popup and the highlight. Canvas 2D only:
 * WebGL has no software fallback on GPU-less desktops. Text is HTML patrolmap already escaped.
 *
 * An uncertainty band is every point within its km of the leg: the leg itself stroked with round
 * caps and joins, 2 km wide at the map's scale where it runs (see BandBatch). The page gets only
 * the km, not an outline.
 */
(function () {
  "use strict";
  var PM = window.PatrolMap;
  if (!PM || PM.LegLayers) return;

  var TILE = 256, MAX_LAT = 85.0511287798;
  var HIT_PX = 6; // how close (CSS px) the pointer must come to a leg to hover or click it
  var MIN_STEP = 0.6; // vertices closer than this (px) to the last one drawn add nothing visible
  var DIM = 0.3; // earlier legs during playback
  var PATH_VERTICES = 2000; // vertices a path gathers before it is painted (see _drawPieces)
  var BAND_PATH_VERTICES = 500; // the same for bands: wide strokes raster faster in smaller paths
  var HIGHLIGHT_PX = 4, HOVER_PX = 2; // extra width of a highlighted leg, of the leg under the pointer
  // Web Mercator's sphere (EPSG:3857): a metre on the ground at latitude φ is sec φ of its length
  // on the equator, 256 / (2π R) world px at zoom 0 there.
  var MERCATOR_R = 6378137;
  // Bands are stroked in widths that step by 2%, each drawn at its step's geometric middle: within
  // 1% of the true width everywhere (a pixel on a 100 px band), in a few dozen strokes per style.
  var BAND_STEP = 1.02, LOG_STEP = Math.log(BAND_STEP);
  // The bands' canvas has half the screen's pixels, scaled up by the browser: a band is a soft
  // tint (the pane's opacity) whose edge blurs by a pixel at most, and rasterising it costs a third
  // less (100k-vertex benchmark, main-thread CPU of a redraw: 205 -> 139 ms).
  var BAND_RESOLUTION = 0.5;

  // Vertices are projected once, to Web Mercator pixels at zoom 0 (Leaflet's EPSG:3857, the map's
  // CRS); a redraw only scales and shifts them.
  function worldX(lng) { return TILE * (lng / 360 + 0.5); }
  function worldY(lat) {
    var s = Math.sin(Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI / 180);
    return TILE * (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI));
  }

  // A growing array of x, y pairs.
  function Coords() { this.xy = new Float64Array(4096); this.n = 0; }
  Coords.prototype.push = function (x, y) {
    if (this.n + 2 > this.xy.length) {
      var grown = new Float64Array(this.xy.length * 2);
      grown.set(this.xy);
      this.xy = grown;
    }
    this.xy[this.n++] = x;
    this.xy[this.n++] = y;
  };
  Coords.prototype.add = function (text, scale) {
    var self = this, start = this.n;
    PM.readPairs(text, scale, function (lat, lng) { self.push(worldX(lng), worldY(lat)); });
    return this.piece(start, 0);
  };
  // The vertices pushed since `start` as a piece {a, b, box}, its box grown by `pad` on each side.
  Coords.prototype.piece = function (start, pad) {
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    for (var i = start; i < this.n; i += 2) {
      box[0] = Math.min(box[0], this.xy[i]); box[1] = Math.min(box[1], this.xy[i + 1]);
      box[2] = Math.max(box[2], this.xy[i]); box[3] = Math.max(box[3], this.xy[i + 1]);
    }
    return { a: start, b: this.n, box: [box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad] };
  };

  function dashes(look) {
    return look.dashArray ? look.dashArray.split(/[ ,]+/).map(Number) : [];
  }

  function trace(ctx, xy, a, b, s, ox, oy) {
    var x = xy[a] * s - ox, y = xy[a + 1] * s - oy, lx = x, ly = y;
    var n = 1;
    ctx.moveTo(x, y);
    for (var i = a + 2; i < b; i += 2) {
      x = xy[i] * s - ox; y = xy[i + 1] * s - oy;
      if (i + 2 < b && Math.abs(x - lx) + Math.abs(y - ly) < MIN_STEP) continue;
      ctx.lineTo(x, y); lx = x; ly = y; n++;
    }
    return n;
  }

  // A band: opaque in its colour, so where bands overlap they do not darken; the bands' pane
  // carries their opacity as a whole (data.bandOpacity).
  function strokeBand(ctx, look, width) {
    ctx.globalAlpha = 1;
    ctx.lineWidth = width;
    ctx.strokeStyle = look.fillColor || look.color;
    ctx.lineCap = "butt"; // the leg's ends are discs (BandBatch)
    ctx.lineJoin = "round";
    ctx.setLineDash([]);
    ctx.stroke();
  }

  function stroke(ctx, look, extra) {
    ctx.lineWidth = (look.weight || 1) + (extra || 0);
    ctx.strokeStyle = look.color;
    ctx.lineCap = ctx.lineJoin = "round";
    ctx.setLineDash(dashes(look));
    ctx.stroke();
  }

  // The legs of one style: their vertices and pieces {a, b, box, item}; an item (a leg) is drawn
  // while item.on and not item.hidden.
  function Batch(style, look) { this.style = style; this.look = look; this.coords = new Coords(); this.pieces = []; }
  Batch.prototype.add = function (text, scale, item) {
    var piece = this.coords.add(text, scale);
    piece.item = item;
    this.pieces.push(piece);
    return piece;
  };

  // The Mercator ordinate ψ of a world y at zoom 0, and back; sec φ = cosh ψ.
  function psi(y) { return Math.PI * (1 - 2 * y / TILE); }
  function yOfPsi(p) { return TILE * (1 - p / Math.PI) / 2; }

  // The uncertainty bands of one style. A band of `km` is 2·km wide on the ground, so on the map
  // it is 2000·km · 256 / (2π R) · cosh ψ world px wide at zoom 0, wider towards the poles. Each
  // band's leg is cut where that width crosses a step of BAND_STEP, and every run of it within
  // step k is a piece of steps[k], stroked BAND_STEP^(k + 0.5) world px wide (times the zoom scale)
  // with round joins. The runs end square, each reaching a little into the next so no seam shows
  // between them, and the leg's two ends, ends[k], are filled discs: round caps at every cut cost
  // a third of the raster time. A piece's item is its leg: a band shows and hides with it.
  // The stroke takes the scale at the leg; the band's north and south edges lie at other
  // latitudes, so each is off by about tan φ · km / 2R of the band's half-width: under 1% for 50 km
  // up to 65°N, but 8% for a 1,000 km band at 45°N (the figure draws true outlines).
  function BandBatch(style, look) {
    this.style = style; this.look = look; this.coords = new Coords();
    this.steps = {}; this.ends = {}; this.order = [];
  }

  // The steps of a band's width at world y: log base BAND_STEP of the width, rounded down.
  BandBatch.step = function (km, y) {
    return Math.floor(Math.log(2000 * km * TILE * Math.cosh(psi(y)) / (2 * Math.PI * MERCATOR_R)) / LOG_STEP);
  };
  BandBatch.width = function (step) { return Math.pow(BAND_STEP, step + 0.5); };

  BandBatch.prototype.add = function (leg, km) {
    var self = this, out = this.coords, xy = leg.batch.coords.xy, pieces = [];
    var base = Math.log(2000 * km * TILE / (2 * Math.PI * MERCATOR_R)) / LOG_STEP; // the equator's width, in steps
    var px = xy[leg.piece.a], py = xy[leg.piece.a + 1], run = null;
    function step(k) {
      if (!self.steps[k]) { self.steps[k] = []; self.ends[k] = []; self.order.push(k); self.order.sort(function (a, b) { return a - b; }); }
      return k;
    }
    function end(k) { // a disc at the leg's end (px, py)
      var r = BandBatch.width(k) / 2;
      self.ends[step(k)].push({ x: px, y: py, box: [px - r, py - r, px + r, py + r], item: leg });
    }
    function close() {
      var piece = out.piece(run.start, BandBatch.width(run.k) / 2);
      piece.item = leg;
      self.steps[step(run.k)].push(piece);
      pieces.push(piece);
      run = null;
    }
    function to(x, y, k) { // a stretch from the last point to (x, y), all within step k
      if (!run && !pieces.length) end(k);
      if (run && run.k !== k) {
        // The run reaches a tenth of its width into the next (along the leg, no further than
        // the stretch): where both are drawn, their edges' antialiasing does not show.
        var dx = x - px, dy = y - py, len = Math.sqrt(dx * dx + dy * dy);
        var over = Math.min(len, BandBatch.width(run.k) / 10) / (len || 1);
        out.push(px + dx * over, py + dy * over);
        close();
      }
      if (!run) { run = { k: k, start: out.n }; out.push(px, py); }
      out.push(x, y); px = x; py = y;
    }
    function monotone(x, y) { // a stretch on one side of the equator: cut where the width steps
      var x0 = px, y0 = py, k0 = BandBatch.step(km, y0), k1 = BandBatch.step(km, y);
      var dir = k1 > k0 ? 1 : -1, side = psi(y0) + psi(y) < 0 ? -1 : 1;
      for (var k = k0; k !== k1; k += dir) {
        var edge = dir > 0 ? k + 1 : k; // where step k ends, in steps (always above `base`)
        var cut = yOfPsi(side * Math.acosh(Math.exp((edge - base) * LOG_STEP))), t = (cut - y0) / (y - y0);
        to(x0 + t * (x - x0), cut, k);
      }
      to(x, y, k1);
    }
    for (var i = leg.piece.a + 2; i < leg.piece.b; i += 2) {
      var x = xy[i], y = xy[i + 1];
      if (psi(py) * psi(y) < 0) { var t = (TILE / 2 - py) / (y - py); monotone(px + t * (x - px), TILE / 2); }
      monotone(x, y);
    }
    if (run) { end(run.k); close(); }
    return pieces;
  };

  // One canvas: the batches of the legs (kind "line", Batch) or bands (kind "band", BandBatch),
  // in style order, or
  // (kind "emphasis") the highlighted and current legs over all others. A Leaflet renderer gives
  // it its place in the pane, its padding around the view and the zoom animation; it draws on
  // each update.
  var StyleCanvas = L.Renderer.extend({
    options: { padding: 0.1 },
    initialize: function (owner, kind, options) {
      L.Renderer.prototype.initialize.call(this, options);
      this._owner = owner; this._kind = kind;
      this.batches = [];
    },
    onAdd: function () {
      L.Renderer.prototype.onAdd.call(this);
      this._draw();
    },
    _initContainer: function () {
      this._container = L.DomUtil.create("canvas", "pm-leg-canvas");
      this._ctx = this._container.getContext("2d");
    },
    _destroyContainer: function () {
      L.DomUtil.remove(this._container);
      delete this._container;
    },
    _update: function () {
      if (this._map._animatingZoom && this._bounds) return;
      L.Renderer.prototype._update.call(this);
      L.DomUtil.setPosition(this._container, this._bounds.min);
      this._size(true);
      this.fire("update");
    },
    // Size the canvas to the view and padding; an emphasis canvas with nothing to show shrinks
    // to nothing, so it costs no raster or compositing.
    _size: function (full) {
      var size = this._bounds.getSize(), ratio = this.ratio(), canvas = this._container;
      var w = full ? Math.round(size.x * ratio) : 0, h = full ? Math.round(size.y * ratio) : 0;
      if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
      canvas.style.width = (full ? size.x : 0) + "px"; canvas.style.height = (full ? size.y : 0) + "px";
    },
    _updatePaths: function () { this._draw(); },
    // Canvas pixels per CSS pixel.
    ratio: function () { return (window.devicePixelRatio || 1) * (this._kind === "band" ? BAND_RESOLUTION : 1); },
    // The transform from world pixels to this canvas: x * s - ox, y * s - oy; and the view in
    // world pixels, to skip what lies outside.
    frame: function () {
      var map = this._map, b = this._bounds, origin = map.getPixelOrigin();
      var s = map.getZoomScale(this._zoom, 0), ox = origin.x + b.min.x, oy = origin.y + b.min.y;
      var size = b.getSize();
      return { s: s, ox: ox, oy: oy, view: [ox / s, oy / s, (ox + size.x) / s, (oy + size.y) / s] };
    },
    _draw: function () {
      this.version = this._owner.version; // one not on the map yet draws when it is added
      if (!this._map || !this._container) return;
      var emphasised = this._kind === "emphasis" ? this._owner.emphasised() : null;
      if (emphasised) this._size(emphasised.length > 0);
      var ctx = this._ctx, canvas = this._container, ratio = this.ratio();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      var f = this.frame(), self = this;
      if (emphasised) { this._drawEmphasis(ctx, f, emphasised); return; }
      this.batches.forEach(function (batch) {
        if (self._kind === "band") {
          batch.order.forEach(function (k) {
            var width = BandBatch.width(k) * f.s;
            self._drawPieces(ctx, f, batch.coords.xy, batch.steps[k], function () { strokeBand(ctx, batch.look, width); }, BAND_PATH_VERTICES);
            self._drawEnds(ctx, f, batch.ends[k], width / 2, batch.look);
          });
        } else {
          self._drawPieces(ctx, f, batch.coords.xy, batch.pieces, function () { self._paint(ctx, batch.look); }, PATH_VERTICES);
        }
      });
    },
    // One path per style (per width, for bands), painted every PATH_VERTICES vertices or so
    // (between items): rasterising one path of millions of edges costs more than its parts.
    _drawPieces: function (ctx, f, xy, pieces, paint, most) {
      var v = f.view, n = 0, last = null;
      ctx.beginPath();
      for (var i = 0; i < pieces.length; i++) {
        var p = pieces[i], box = p.box;
        if (!p.item.on || p.item.hidden) continue;
        if (box[2] < v[0] || box[0] > v[2] || box[3] < v[1] || box[1] > v[3]) continue;
        if (n >= most && p.item !== last) { paint(); ctx.beginPath(); n = 0; }
        n += trace(ctx, xy, p.a, p.b, f.s, f.ox, f.oy);
        last = p.item;
      }
      if (n) paint();
    },
    // The discs that end bands (of one width, radius r px), in one fill.
    _drawEnds: function (ctx, f, ends, r, look) {
      var v = f.view, any = false;
      ctx.beginPath();
      ends.forEach(function (e) {
        var box = e.box;
        if (!e.item.on || e.item.hidden) return;
        if (box[2] < v[0] || box[0] > v[2] || box[3] < v[1] || box[1] > v[3]) return;
        var x = e.x * f.s - f.ox, y = e.y * f.s - f.oy;
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI);
        any = true;
      });
      if (!any) return;
      ctx.globalAlpha = 1;
      ctx.fillStyle = look.fillColor || look.color;
      ctx.fill("nonzero");
    },
    _paint: function (ctx, look) {
      if (look.stroke === false) return;
      ctx.globalAlpha = (this._owner.playing ? DIM : 1) * (look.opacity === undefined ? 1 : look.opacity);
      stroke(ctx, look);
    },
    // Highlighted legs (a hovered timeline mark or leg) wider, and playback's current leg at full
    // strength, over every other leg.
    _drawEmphasis: function (ctx, f, legs) {
      var owner = this._owner;
      legs.forEach(function (leg) {
        if (!leg.on || leg.hidden) return;
        var p = leg.piece, look = leg.batch.look;
        ctx.beginPath();
        trace(ctx, leg.batch.coords.xy, p.a, p.b, f.s, f.ox, f.oy);
        ctx.globalAlpha = look.opacity === undefined ? 1 : look.opacity;
        stroke(ctx, look, leg.highlighted ? HIGHLIGHT_PX : leg === owner.hovered ? HOVER_PX : 0);
      });
    }
  });

  // Segments of every leg of one batch in a uniform grid, built on the first query.
  function SegmentGrid(batch) {
    var xy = batch.coords.xy, pieces = batch.pieces, n = 0, box = [Infinity, Infinity, -Infinity, -Infinity];
    pieces.forEach(function (p) {
      n += (p.b - p.a) / 2 - 1;
      box = [Math.min(box[0], p.box[0]), Math.min(box[1], p.box[1]), Math.max(box[2], p.box[2]), Math.max(box[3], p.box[3])];
    });
    this.box = box;
    // About four segments a cell: cells as square as the data's extent allows.
    var w = Math.max(box[2] - box[0], 1e-9), h = Math.max(box[3] - box[1], 1e-9);
    var cell = Math.sqrt(w * h / Math.max(1, n / 4));
    this.cols = Math.max(1, Math.min(2048, Math.ceil(w / cell)));
    this.rows = Math.max(1, Math.min(2048, Math.ceil(h / cell)));
    this.cw = w / this.cols; this.ch = h / this.rows;
    this.xy = xy;
    var self = this, counts = new Int32Array(this.cols * this.rows + 1);
    function each(visit) {
      for (var k = 0; k < pieces.length; k++) {
        for (var i = pieces[k].a; i + 2 < pieces[k].b; i += 2) {
          var c = self.cells(Math.min(xy[i], xy[i + 2]), Math.min(xy[i + 1], xy[i + 3]), Math.max(xy[i], xy[i + 2]), Math.max(xy[i + 1], xy[i + 3]));
          for (var cy = c[1]; cy <= c[3]; cy++) for (var cx = c[0]; cx <= c[2]; cx++) visit(cy * self.cols + cx, i, k);
        }
      }
    }
    each(function (at) { counts[at + 1]++; });
    for (var i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
    this.start = counts;
    this.segment = new Int32Array(counts[counts.length - 1]); // a segment: its first number in xy
    this.piece = new Int32Array(this.segment.length);
    var fill = counts.slice(0, -1);
    each(function (at, i, k) { var j = fill[at]++; self.segment[j] = i; self.piece[j] = k; });
  }

  SegmentGrid.prototype.cells = function (x0, y0, x1, y1) {
    var c = this.cols - 1, r = this.rows - 1;
    return [
      Math.max(0, Math.min(c, Math.floor((x0 - this.box[0]) / this.cw))),
      Math.max(0, Math.min(r, Math.floor((y0 - this.box[1]) / this.ch))),
      Math.max(0, Math.min(c, Math.floor((x1 - this.box[0]) / this.cw))),
      Math.max(0, Math.min(r, Math.floor((y1 - this.box[1]) / this.ch)))
    ];
  };

  // The nearest visible piece within `r` (world px) of (x, y): {piece index, distance}, or null.
  SegmentGrid.prototype.nearest = function (x, y, r, pieces) {
    if (x + r < this.box[0] || x - r > this.box[2] || y + r < this.box[1] || y - r > this.box[3]) return null;
    var c = this.cells(x - r, y - r, x + r, y + r), xy = this.xy, best = null, bestD = r * r;
    for (var cy = c[1]; cy <= c[3]; cy++) {
      for (var cx = c[0]; cx <= c[2]; cx++) {
        var at = cy * this.cols + cx;
        for (var j = this.start[at]; j < this.start[at + 1]; j++) {
          var item = pieces[this.piece[j]].item;
          if (!item.on || item.hidden) continue;
          var i = this.segment[j], d = segmentDistance2(x, y, xy[i], xy[i + 1], xy[i + 2], xy[i + 3]);
          if (d <= bestD) { bestD = d; best = this.piece[j]; }
        }
      }
    }
    return best === null ? null : { piece: best, d2: bestD };
  };

  function segmentDistance2(px, py, ax, ay, bx, by) {
    var dx = bx - ax, dy = by - ay, len = dx * dx + dy * dy;
    var t = len ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len)) : 0;
    var ex = ax + t * dx - px, ey = ay + t * dy - py;
    return ex * ex + ey * ey;
  }

  // An event's legs and bands as one Leaflet layer: the event's layer group holds it, so the layer
  // panel, the date filter and playback show and hide them with the event, and it gives the
  // group its bounds.
  var EventLegs = L.Layer.extend({
    initialize: function (owner) { this._owner = owner; this.legs = []; this.bands = []; },
    owner: function () { return this._owner; },
    onAdd: function () { this._show(true); },
    onRemove: function () { this._show(false); },
    _show: function (on) {
      this.legs.forEach(function (leg) { leg.on = on; });
      this._owner.changed();
    },
    getBounds: function () {
      var box = [Infinity, Infinity, -Infinity, -Infinity];
      this.legs.concat(this.bands).forEach(function (item) {
        item.pieces.forEach(function (p) {
          box = [Math.min(box[0], p.box[0]), Math.min(box[1], p.box[1]), Math.max(box[2], p.box[2]), Math.max(box[3], p.box[3])];
        });
      });
      var map = this._owner.map;
      return L.latLngBounds(map.unproject([box[0], box[3]], 0), map.unproject([box[2], box[1]], 0));
    }
  });

  // Every route leg and uncertainty band of one map: the canvases, the pointer, the API that the
  // layer panel, the date filter, the timeline and playback use (handle.legs).
  function LegLayers(map, data, popupHtml) {
    this.map = map; this.data = data; this._popupHtml = popupHtml;
    this.lines = {}; this.bands = {}; this.all = [];
    this.playing = false; this.current = null; this.hovered = null; this._highlighted = [];
    this._grids = null; this._frame = null; this.version = 0; // of what is shown (changed)
  }

  // The batch of one style (s, an index into data.styles) for legs or bands.
  LegLayers.prototype.batch = function (kind, s) {
    var table = kind === "band" ? this.bands : this.lines, Kind = kind === "band" ? BandBatch : Batch;
    if (!table[s]) table[s] = new Kind(s, this.data.styles[s] || {});
    return table[s];
  };

  // The layer that holds an event's legs (create it once per event layer).
  LegLayers.prototype.eventLayer = function () { return new EventLegs(this); };

  LegLayers.prototype.addLeg = function (holder, f, spec) {
    var batch = this.batch("line", f.s);
    var leg = { f: f, spec: spec, batch: batch, on: false, hidden: false, highlighted: false, colour: batch.look.color };
    leg.piece = batch.add(f.c, this.data.scale, leg);
    leg.pieces = [leg.piece];
    var data = this.data;
    leg.latLngs = function () { return PM.decode(f.c, data.scale).map(function (p) { return L.latLng(p[0], p[1]); }); };
    holder.legs.push(leg);
    this.all.push(leg);
    // Its uncertainty band, f.b = [km, style]: stroked from the leg's own vertices.
    if (f.b) {
      leg.band = { km: f.b[0], pieces: this.batch("band", f.b[1]).add(leg, f.b[0]) };
      holder.bands.push(leg.band);
    }
    return leg;
  };

  // Canvases go on the map once every leg is in (bands under legs, each in style order), then the
  // pointer is watched.
  LegLayers.prototype.addTo = function (map) {
    var self = this;
    function order(table) { return Object.keys(table).sort(function (a, b) { return a - b; }).map(function (k) { return table[k]; }); }
    this._bandCanvas = new StyleCanvas(this, "band", { pane: "pm-bands" });
    this._bandCanvas.batches = order(this.bands);
    this._lineCanvas = new StyleCanvas(this, "line", { pane: "pm-events" });
    this._lineCanvas.batches = order(this.lines);
    this._canvases = [this._bandCanvas, this._lineCanvas];
    this._canvases.forEach(function (c) { if (c.batches.length) c.addTo(map); });
    this._emphasis = new StyleCanvas(this, "emphasis", { pane: "pm-events" }).addTo(map);
    this._canvases.push(this._emphasis);
    this._tooltip = L.tooltip({ direction: "top", opacity: 0.95, className: "pm-leg-tooltip" });
    map.on("mousemove", this._move, this);
    map.on("mouseout", function () { self._hover(null); });
    map.on("click", this._click, this);
    return this;
  };

  // Something was shown or hidden: redraw once, at the next frame, unless every canvas has drawn
  // it since (as each does when the map first gets its view, after every event's layer is on:
  // drawing a million vertices twice would double the first draw).
  LegLayers.prototype.changed = function () {
    var self = this;
    this.version++;
    if (this._frame || !this._emphasis) return;
    this._frame = requestAnimationFrame(function () {
      self._frame = null;
      if (self._canvases.some(function (c) { return c.version !== self.version; })) self.redraw();
    });
  };

  LegLayers.prototype.redraw = function () {
    if (!this._emphasis) return;
    this._canvases.forEach(function (c) { c._draw(); });
    if (this.hovered && (!this.hovered.on || this.hovered.hidden)) this._hover(null);
    if (this.onRedraw) this.onRedraw();
  };

  LegLayers.prototype.emphasised = function () {
    var out = this._highlighted.slice();
    if (this.hovered && out.indexOf(this.hovered) < 0) out.push(this.hovered);
    if (this.current) out.push(this.current);
    return out;
  };

  // --- what the timeline and playback use -------------------------------------------------------

  LegLayers.prototype.highlight = function (legs, on) {
    legs.forEach(function (leg) { leg.highlighted = on; });
    this._highlighted = this.all.filter(function (leg) { return leg.highlighted; });
    if (this._emphasis) this._emphasis._draw();
  };

  LegLayers.prototype.hide = function (legs, hidden) {
    legs.forEach(function (leg) { leg.hidden = hidden; });
    this.changed();
  };

  LegLayers.prototype.setPlayback = function (playing, current) {
    this.playing = playing; this.current = current || null;
    this.changed();
  };

  // --- the pointer ------------------------------------------------------------------------------

  // The leg drawn nearest a point of the map's container (within HIT_PX), or null.
  LegLayers.prototype.legAt = function (containerPoint) {
    var batches = this._lineCanvas ? this._lineCanvas.batches : [];
    if (!batches.length) return null;
    var map = this.map, layer = map.containerPointToLayerPoint(containerPoint), origin = map.getPixelOrigin();
    var s = map.getZoomScale(map.getZoom(), 0), x = (layer.x + origin.x) / s, y = (layer.y + origin.y) / s;
    var r = HIT_PX / s, best = null, self = this;
    if (!this._grids) this._grids = batches.map(function (b) { return new SegmentGrid(b); });
    this._grids.forEach(function (grid, i) {
      var hit = grid.nearest(x, y, r, batches[i].pieces);
      if (hit && (!best || hit.d2 <= best.d2)) best = { leg: batches[i].pieces[hit.piece].item, d2: hit.d2 };
    });
    return best && best.leg;
  };

  LegLayers.prototype._move = function (e) {
    if (e.originalEvent && e.originalEvent.buttons) return; // dragging the map
    var leg = this.legAt(e.containerPoint);
    this._hover(leg, e.latlng);
  };

  LegLayers.prototype._hover = function (leg, latlng) {
    var changed = leg !== this.hovered;
    this.hovered = leg;
    this.map.getContainer().classList.toggle("pm-over-leg", !!leg);
    if (leg) this.showTooltip(leg, latlng);
    else if (this._tooltip && this._tooltip._map) this._tooltip.close();
    if (changed && this._emphasis) this._emphasis._draw();
  };

  LegLayers.prototype.tooltipHtml = function (leg) {
    return leg.f.tooltip || (leg.f.name ? leg.spec.label + " — " + leg.f.name : "");
  };

  LegLayers.prototype.showTooltip = function (leg, latlng) {
    var html = this.tooltipHtml(leg);
    if (!html) return null;
    this._tooltip.setLatLng(latlng || this.middle(leg)).setContent(html); // escaped by patrolmap
    if (!this._tooltip._map) this._tooltip.openOn(this.map);
    return this._tooltip;
  };

  LegLayers.prototype._click = function (e) {
    var leg = this.legAt(e.containerPoint);
    if (leg) this.openPopup(leg, e.latlng);
  };

  // A leg's popup, where it was clicked or (from the keyboard, the timeline) at its middle.
  LegLayers.prototype.openPopup = function (leg, latlng) {
    var popup = L.popup(L.extend({}, PM.POPUP)).setLatLng(latlng || this.middle(leg));
    popup.setContent(this._popupHtml(leg.f, leg.spec)).openOn(this.map);
    return popup;
  };

  LegLayers.prototype.middle = function (leg) {
    var p = leg.piece, i = p.a + 2 * Math.floor((p.b - p.a) / 4), xy = leg.batch.coords.xy;
    return this.map.unproject([xy[i], xy[i + 1]], 0);
  };

  PM.LegLayers = LegLayers;
})();
