/* Loads mkdocs-material's search index only when the reader opens search.
   The theme asks for search/search_index.json as every page loads; this script, which runs just
   before the theme's, holds that one request back until the search field gets the focus (a click,
   a tap on the search button, or the theme's keyboard shortcut) or the page was opened with a
   query, and then sends it: the theme's search works as before, and a reader who never searches
   never downloads the index. */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json(?:$|[?#])/;
  var proto = XMLHttpRequest.prototype;
  var open = proto.open;
  var send = proto.send;
  var held = [];
  var released = false;

  function release() {
    if (released) return;
    released = true;
    document.documentElement.setAttribute("data-pp-search", "loading");
    held.splice(0).forEach(function (sendNow) { sendNow(); });
  }

  proto.open = function (method, url) {
    this.__ppHeld = !released && INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  proto.send = function () {
    if (this.__ppHeld && !released) {
      var request = this;
      var args = arguments;
      held.push(function () { send.apply(request, args); });
      return;
    }
    return send.apply(this, arguments);
  };

  function isSearch(target) {
    return target instanceof Element &&
      (target.matches("[data-md-component=search-query]") || target.id === "__search");
  }
  document.addEventListener("focusin", function (event) {
    if (isSearch(event.target)) release();
  });
  document.addEventListener("change", function (event) {
    if (isSearch(event.target) && event.target.checked) release();
  });
  if (/[?&]q=/.test(location.search)) release();
})();
