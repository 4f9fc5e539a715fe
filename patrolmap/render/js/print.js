/* patrolmap print mode: a plugin of the page runtime (patrolmap.js), switched on at run time by
 * "#print" in the page's address (`patrolmap snapshot --page` opens the page so). The page itself
 * is unchanged: one template, byte-identical; without the flag this plugin does nothing.
 *
 * In print mode the page becomes a sheet of paper: a header with the title, the map at a fixed
 * extent (data.sheet, from scene/extent.py) with its scale bar, and a footer with the legend, any
 * insets and the credits. The title, legend and attribution are the page's own elements, moved, so the
 * sheet says exactly what the page says. Every other control is hidden (print.css) and the map
 * cannot be moved: a sheet is read, not used.
 *
 * No north arrow: the page is Web Mercator, where every meridian is a vertical line, so north is
 * straight up at every point of the sheet (the figures' conic projection turns it, and draws one).
 * Mercator's scale does change with latitude, so the scale bar says the latitude it holds at.
 */
(function () {
  "use strict";
  if (!window.PatrolMap || window.PatrolMap.print) return; // one copy per page

  function el(tag, className, parent) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (parent) parent.appendChild(node);
    return node;
  }

  function printMode(handle) {
    var map = handle.map, container = map.getContainer(), extents = handle.data.sheet;
    // Only a map that is the whole page: an embed lives in a host page that is not ours to rearrange.
    if (location.hash !== "#print" || container.parentNode !== document.body) return;
    document.documentElement.classList.add("pm-print-page");
    var sheet = el("div", "pm-sheet");
    document.body.insertBefore(sheet, container);
    var head = el("header", "pm-sheet-head", sheet);
    sheet.appendChild(container);
    var foot = el("footer", "pm-sheet-foot", sheet);
    var keys = el("div", "pm-sheet-keys", foot);
    container.classList.add("pm-print");
    move(container, ".pm-title", head);
    var legend = move(container, ".pm-legend", keys);
    if (legend) legend.classList.remove("pm-collapsed"); // folded on a narrow map; never on paper
    move(container, ".leaflet-control-attribution", foot);
    var insets = extents.slice(1).map(function (extent) { return insetBox(keys, extent); });
    frame(map, extents[0].bounds);
    // The insets are maps of their own, made once this one is listed in window.patrolmaps.
    setTimeout(function () {
      insets.forEach(function (inset) {
        frame(window.PatrolMap.create(inset.box, handle.data).map, inset.extent.bounds);
      });
      // For the snapshot: the sheet is laid out, and whether all of it is on the paper.
      container.setAttribute("data-pm-print-fits", String(fits(sheet, container)));
      container.setAttribute("data-pm-print", "ready");
    }, 0);
  }

  // Everything around the map lies inside the paper, and the map keeps a readable size: on too
  // small a sheet the legend or credits would be cut off, and a snapshot refuses it instead.
  var MIN_MAP_PX = 144; // 1.5 in

  function fits(sheet, container) {
    var width = document.documentElement.clientWidth, height = document.documentElement.clientHeight;
    var pieces = sheet.querySelectorAll(".pm-sheet-head *, .pm-sheet-keys > *, .pm-legend-row, .pm-sheet-foot > *");
    var inside = Array.prototype.every.call(pieces, function (node) {
      var box = node.getBoundingClientRect();
      return box.right <= width + 0.5 && box.bottom <= height + 0.5;
    });
    return inside && container.clientWidth >= MIN_MAP_PX && container.clientHeight >= MIN_MAP_PX;
  }

  // A selection spanning regions (East Asia and Alaska) prints as the page opens: the region with
  // the most events fills the map, and each other region gets an inset beside the legend, so
  // nothing selected is left off the sheet and no inset covers a route.
  function insetBox(keys, extent) {
    var figure = el("figure", "pm-inset", keys);
    var n = extent.events;
    el("figcaption", "", figure).textContent = extent.label + " (" + n + (n === 1 ? " event)" : " events)");
    return { box: el("div", "pm-inset-map pm-print", figure), extent: extent };
  }

  // A map fixed on `bounds` (a [[south, west], [north, east]] box), which nothing can move.
  function frame(map, bounds) {
    var container = map.getContainer();
    ["dragging", "touchZoom", "doubleClickZoom", "scrollWheelZoom", "boxZoom", "keyboard"].forEach(
      function (handler) { if (map[handler]) map[handler].disable(); }
    );
    container.removeAttribute("tabindex"); // nothing on paper takes keyboard focus
    map.invalidateSize({ animate: false, pan: false });
    // The whole extent, as large as the map's frame allows: any zoom, not Leaflet's quarter steps
    // (a pixel's padding keeps its edges in, whichever way Leaflet rounds the centre).
    map.options.zoomSnap = 0;
    map.fitBounds(bounds, { padding: [1, 1], animate: false });
    scaleLatitude(map, container);
    dropCutLabels(container);
  }

  function move(container, selector, target) {
    var node = container.querySelector(selector);
    if (node) target.appendChild(node);
    return node;
  }

  // A map label the frame would cut ("ALA" for ALASKA) is left out: on paper the frame is final.
  function dropCutLabels(container) {
    var frame = container.getBoundingClientRect();
    container.querySelectorAll(".pm-map-label.pm-shown").forEach(function (label) {
      var box = label.getBoundingClientRect();
      if (box.left < frame.left || box.top < frame.top || box.right > frame.right || box.bottom > frame.bottom) {
        label.style.display = "none";
        label.classList.remove("pm-shown");
      }
    });
  }

  // Leaflet's scale bar measures along the map's middle row; on Mercator that holds at one latitude.
  function scaleLatitude(map, container) {
    var scale = container.querySelector(".leaflet-control-scale");
    if (!scale) return;
    var lat = map.getCenter().lat;
    var note = scale.querySelector(".pm-scale-note") || el("div", "pm-scale-note", scale);
    note.textContent = "true at " + Math.abs(Math.round(lat)) + "°" + (lat < 0 ? "S" : "N");
  }

  window.PatrolMap.print = true;
  window.PatrolMap.plugins.push(printMode);
})();
