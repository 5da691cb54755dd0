// sitegen dev server: reload on rebuild, swap stylesheets on CSS-only changes, keep the
// scroll position, and show build errors in an overlay. Injected by the dev server only.
(function () {
  "use strict";
  var key = "sitegen-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var xy = saved.split(",");
    addEventListener("load", function () { scrollTo(+xy[0], +xy[1]); });
  }
  function overlay(lines) {
    var box = document.getElementById("sitegen-errors");
    if (!lines) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "sitegen-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:2147483647;" +
        "background:#2b0b0b;color:#fff;font:14px/1.5 ui-monospace,monospace;padding:16px 20px;" +
        "border-bottom:4px solid #e5484d;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "sitegen: the last edit did not build; this page shows the last good version.\n\n" + lines.join("\n");
  }
  var me = document.currentScript;
  var es = new EventSource("/__sitegen/events");
  es.addEventListener("hello", function (e) {
    document.documentElement.setAttribute("data-sitegen-live", "connected");
    // Rebuilt between serving this page and opening the stream: reload now.
    if (me && me.dataset.build && e.data !== me.dataset.build) {
      sessionStorage.setItem(key, scrollX + "," + scrollY);
      location.reload();
    }
  });
  es.addEventListener("reload", function () {
    sessionStorage.setItem(key, scrollX + "," + scrollY);
    location.reload();
  });
  // Pages written in place: reload when this is one of them.
  es.addEventListener("pages", function (e) {
    if (JSON.parse(e.data).indexOf(location.pathname) >= 0) {
      sessionStorage.setItem(key, scrollX + "," + scrollY);
      location.reload();
    }
  });
  es.addEventListener("css", function () {
    overlay(null);
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (l) {
      var u = new URL(l.href);
      u.searchParams.set("sitegen", Date.now());
      l.href = u.toString();
    });
  });
  es.addEventListener("errors", function (e) { overlay(JSON.parse(e.data)); });
})();
