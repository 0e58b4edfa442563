/* Links that keep working and are easy to share.
 *
 * 1. Fragment redirects: a section whose id changed is recorded in mkdocs.yml
 *    (extra.fragment_redirects); the build puts the map into every page as JSON
 *    (#talksite-links, see talksite/links.py). An old fragment is sent to its new
 *    place on load, on hash changes and after Material's instant navigation.
 * 2. Copy-link buttons beside every ##/### heading (and beside each URL on the
 *    trainers' page) copy the section's absolute URL, from site_url. The build writes
 *    the buttons into the page (talksite/copy_links.py); this script only answers their
 *    clicks, so nothing is inserted or restyled when it runs.
 *
 * No dependencies. Material's document$ / location$ observables are used when present
 * (scripts/talksite/material_facts.py: document-observable).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  // This file is assets/javascripts/links.js: the site root is two folders up.
  var root = new URL("../../", script ? script.src : location.href);
  var renderedPath = null; // path of the document currently shown (instant navigation changes it)

  function config() {
    var el = document.getElementById("talksite-links");
    var data = {};
    try { data = el ? JSON.parse(el.textContent) : {}; } catch (e) { data = {}; }
    return { siteUrl: data.siteUrl || root.href, fragmentRedirects: data.fragmentRedirects || {} };
  }

  /* Page path relative to the site root, as MkDocs publishes it ("roles/", "" for home). */
  function pagePath(href) {
    var url = String(href).split("#")[0].split("?")[0];
    if (url.indexOf(root.href) !== 0) return null;
    // Published pages are folders (roles/); the offline copy's are files (roles.html).
    return url.slice(root.href.length).replace(/(^|\/)index\.html$/, "$1").replace(/\.html$/, "/");
  }

  /* ---- 1. Fragment redirects -------------------------------------------------------- */

  function redirectFragment() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return false; }
    if (!id || document.getElementById(id)) return false; // an existing anchor always wins
    var map = config().fragmentRedirects[pagePath(location.href)];
    var target = map && Object.prototype.hasOwnProperty.call(map, id) ? map[id] : null;
    if (!target) return false;
    var url;
    try { url = new URL(target, root); } catch (e) { return false; }
    // The build only writes same-site targets; anything else here is tampering: never leave the site.
    if (url.href.indexOf(root.href) !== 0) return false;
    if (location.protocol === "file:" && /\/$/.test(url.pathname)) {
      // The offline copy (file://) has roles.html where the site has roles/.
      url.pathname = url.pathname === root.pathname ? url.pathname + "index.html"
        : url.pathname.replace(/\/$/, ".html");
    }
    if (url.pathname === location.pathname) {
      location.replace(url.hash); // same page: a fragment navigation, no reload, no extra history entry
      // Make sure it lands even if a script restores the old scroll position after the jump.
      var target = document.getElementById(decodeURIComponent(url.hash.slice(1)));
      if (target) requestAnimationFrame(function () { target.scrollIntoView(); });
    } else {
      location.replace(url.href); // another page: replace, so Back does not bounce here again
    }
    return true;
  }

  /* ---- 2. Copy-link buttons --------------------------------------------------------- */

  function announcer() {
    var el = document.getElementById("ts-announce");
    if (!el) {
      el = document.createElement("div");
      el.id = "ts-announce";
      el.className = "ts-sr-only";
      el.setAttribute("role", "status");
      el.setAttribute("aria-live", "polite");
      document.body.appendChild(el);
    }
    return el;
  }

  function announce(message) {
    var el = announcer();
    el.textContent = "";
    // A fresh text node after a tick makes screen readers announce a repeated message too.
    setTimeout(function () { el.textContent = message; }, 50);
  }

  function legacyCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  function copy(url, button, what) {
    function done() {
      button.classList.add("ts-copy--done");
      setTimeout(function () { button.classList.remove("ts-copy--done"); }, 2000);
      announce("Link copied: " + what);
    }
    function fallback() {
      if (legacyCopy(url)) return done();
      // No clipboard at all (file://, old browsers): show the URL selected, ready to copy.
      window.prompt("Copy this link (Ctrl+C or Cmd+C), then press Enter:", url);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, fallback);
    } else {
      fallback();
    }
  }

  function headingText(heading) {
    var clone = heading.cloneNode(true);
    clone.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  /* What a button copies, and the words that say what was copied. */
  function target(button) {
    var code = button.previousElementSibling;
    if (code && code.classList.contains("ts-url")) {
      // The trainers' page: the URL is the code's text (its pieces and <wbr>s have no text).
      return { url: code.textContent.trim(), what: code.getAttribute("data-title") || code.textContent };
    }
    var heading = button.parentNode.querySelector("h2[id], h3[id]");
    if (!heading) return null;
    var path = pagePath(location.href);
    return { url: config().siteUrl + (path === null ? "" : path) + "#" + heading.id, what: headingText(heading) };
  }

  // One listener for every button, now and after instant navigation swaps the content.
  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("button.ts-copy") : null;
    var found = el && target(el);
    if (found) copy(found.url, el, found.what);
  });

  /* ---- Wiring ------------------------------------------------------------------------ */

  function onDocument() {
    renderedPath = location.pathname;
    redirectFragment();
  }

  window.addEventListener("hashchange", redirectFragment);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(onDocument); // first load and every instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onDocument);
  } else {
    onDocument();
  }
  // Instant navigation changes a same-page hash with pushState, which fires no hashchange.
  if (window.location$ && typeof window.location$.subscribe === "function") {
    window.location$.subscribe(function (url) {
      if (url && url.pathname === renderedPath) setTimeout(redirectFragment, 0);
    });
  }
})();
