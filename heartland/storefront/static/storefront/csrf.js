/* Pages served from the page cache carry no CSRF token. Fill every POST form's
   csrfmiddlewaretoken and htmx's X-CSRFToken header from the csrftoken cookie, asking the
   server for the cookie (storefront:csrf) when the shopper has none yet. Without JavaScript,
   a form posted without its token gets the action offered again with a fresh one. */
(function () {
  "use strict";
  var script = document.currentScript;
  var endpoint = (script && script.getAttribute("data-endpoint")) || "/csrf/";
  var pending = null;

  function cookie() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function token() {
    var t = cookie();
    if (t) return Promise.resolve(t);
    if (!pending) {
      pending = fetch(endpoint, {credentials: "same-origin", cache: "no-store"})
        .then(function () { pending = null; return cookie(); },
              function () { pending = null; return ""; });
    }
    return pending;
  }

  function fill(t) {
    if (!t) return;
    var inputs = document.querySelectorAll('form[method="post"] input[name="csrfmiddlewaretoken"]');
    for (var i = 0; i < inputs.length; i++) inputs[i].value = t;
  }

  function ready() {
    if (document.querySelector('form[method="post"]')) token().then(fill);
  }

  // A form submitted before the token arrived waits for it.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    var input = form.querySelector && form.querySelector('input[name="csrfmiddlewaretoken"]');
    if (!input || input.value) return;
    var t = cookie();
    if (t) { fill(t); return; }
    e.preventDefault();
    token().then(function (t) { fill(t); form.submit(); });
  }, true);

  document.addEventListener("htmx:configRequest", function (e) {
    var t = cookie();
    if (t) e.detail.headers["X-CSRFToken"] = t;
  });
  document.addEventListener("htmx:afterSwap", function () { fill(cookie()); });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
