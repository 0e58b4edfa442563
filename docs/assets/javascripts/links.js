/* Links that keep working and are easy to share.
 *
 * 1. Fragment redirects: a section whose id changed is recorded in mkdocs.yml
 *    (extra.fragment_redirects); the build puts the map into every page as JSON
 *    (#talksite-links, see talksite/links.py). An old fragment is sent to its new
 *    place on load, on hash changes and after Material's instant navigation.
 * 2. Copy-link buttons beside every ##/### heading (and beside each URL on the
 *    trainers' page) that copy the section's absolute URL, from site_url. A heading's
 *    button replaces its ¶ permalink: one control per heading.
 *
 * No dependencies. Material's document$ / location$ observables are used when present.
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

  var ICON = '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="18" height="18">' +
    '<path fill="currentColor" d="M10.6 13.4a1 1 0 0 1 0-1.4l3-3a1 1 0 1 1 1.4 1.4l-3 3a1 1 0 0 1-1.4 0Zm-2.1 ' +
    '4.3-.2.2a3 3 0 0 1-4.2-4.2l3-3a3 3 0 0 1 4.2 0 1 1 0 0 0 1.4-1.4 5 5 0 0 0-7 0l-3 3a5 5 0 0 0 7 7l.2-.2a1 ' +
    '1 0 1 0-1.4-1.4Zm12-13.2a5 5 0 0 0-7 0l-.2.2a1 1 0 1 0 1.4 1.4l.2-.2a3 3 0 0 1 4.2 4.2l-3 3a3 3 0 0 1-4.2 ' +
    '0 1 1 0 1 0-1.4 1.4 5 5 0 0 0 7 0l3-3a5 5 0 0 0 0-7Z"/></svg>';

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

  // One button parsed once and cloned for each use: the trainers' page has about ninety, and
  // parsing the icon's markup for each was most of the time this script takes there.
  var template = null;

  function button(label, url, what) {
    if (!template) {
      template = document.createElement("button");
      template.type = "button";
      template.className = "ts-copy";
      template.innerHTML = ICON + '<span class="ts-copy__text" aria-hidden="true">Copy link</span>' +
        '<span class="ts-copy__done" aria-hidden="true">Copied</span>';
    }
    var el = template.cloneNode(true);
    el.setAttribute("aria-label", label);
    el.setAttribute("data-url", url);
    el.addEventListener("click", function () { copy(el.getAttribute("data-url"), el, what); });
    return el;
  }

  function headingText(heading) {
    var clone = heading.cloneNode(true);
    clone.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  function addButtons() {
    var data = config();
    var path = pagePath(location.href);
    var base = data.siteUrl + (path === null ? "" : path);
    document.querySelectorAll(".md-content .md-typeset h2[id], .md-content .md-typeset h3[id]")
      .forEach(function (heading) {
        if (heading.parentNode.classList.contains("ts-heading")) return;
        var title = headingText(heading);
        // One heading link control: the button takes the place of Material's hidden ¶
        // permalink, which stays only where this script does not run.
        heading.querySelectorAll(".headerlink").forEach(function (a) { a.remove(); });
        var wrapper = document.createElement("div");
        wrapper.className = "ts-heading ts-heading--" + heading.tagName.toLowerCase();
        heading.parentNode.insertBefore(wrapper, heading);
        wrapper.appendChild(heading);
        wrapper.appendChild(button("Copy link to section: " + title, base + "#" + heading.id, title));
      });
    // The trainers' page lists URLs; each gets its own button.
    document.querySelectorAll(".md-content code.ts-url").forEach(function (code) {
      var next = code.nextElementSibling;
      if (next && next.classList.contains("ts-copy")) return;
      var label = code.getAttribute("data-label") || "Copy link";
      var what = code.getAttribute("data-title") || code.textContent;
      code.insertAdjacentElement("afterend", button(label, code.textContent.trim(), what));
    });
  }

  /* ---- Wiring ------------------------------------------------------------------------ */

  function onDocument() {
    renderedPath = location.pathname;
    // The buttons in a task of their own: run inside Material's page set-up, they would lengthen
    // the one long task during which a phone cannot answer a tap (total blocking time).
    if (!redirectFragment()) setTimeout(addButtons, 0);
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
