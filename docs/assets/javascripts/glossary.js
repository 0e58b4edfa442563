/* Glossary definitions on every device.
 *
 * The build gives each term link (a.term) its definition as `title`; Material's
 * content.tooltips turns that into one tooltip (role=tooltip, tied to the link with
 * aria-describedby) on hover and keyboard focus. This adds what it lacks:
 *   - tap: the first tap on a term shows its definition instead of following the link
 *     (the second tap follows it), since touch screens show no hover or title;
 *   - Escape: hides the open definition (WCAG 1.4.13), keeping keyboard focus where it is.
 *   - placement: Material always puts a definition below its term; near the foot of the
 *     screen it is moved above the term instead, so it is never cut off (issue 12).
 * Material stays the only tooltip renderer, so there is never a second tooltip.
 * Material's classes, its 16 px gap and where it puts tooltips are checked in
 * scripts/talksite/material_facts.py: tooltip-classes, tooltip-gap, tooltip-in-body.
 */
(function () {
  "use strict";

  // Material builds each tooltip from its element's title as HTML. The build escapes the terms'
  // titles for that; any other title with markup characters (the header logo's is the site's
  // name) is escaped here, before Material mounts its tooltips, so its text stays text.
  // This script is deferred: it runs once the page is parsed, before DOMContentLoaded.
  Array.prototype.forEach.call(document.querySelectorAll("[title]:not(a.term)"), function (el) {
    var text = el.getAttribute("title");
    if (/[<>&]/.test(text)) {
      el.setAttribute("title", text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    }
  });

  var pointer = "mouse";
  var opened = null; // the term whose definition a tap opened

  function term(target) {
    return target && target.closest ? target.closest(".md-typeset a.term") : null;
  }

  function tooltips() {
    return document.querySelectorAll(".md-tooltip2");
  }

  document.addEventListener("pointerdown", function (ev) { pointer = ev.pointerType || "mouse"; }, true);
  // Enter on a focused term follows the link, even on a device that was just used by touch.
  document.addEventListener("keydown", function () { pointer = "keyboard"; }, true);

  // Capture phase on document: runs before Material's instant navigation, which listens on body.
  document.addEventListener("click", function (ev) {
    var el = term(ev.target);
    if (!el || pointer !== "touch") return;
    if (opened === el) return; // second tap: follow the link to the glossary
    ev.preventDefault();
    ev.stopPropagation();
    opened = el;
    el.focus(); // Material shows the tooltip while the term has focus
    tooltips().forEach(function (tip) { tip.classList.remove("ts-tooltip--dismissed"); });
  }, true);

  document.addEventListener("focusout", function (ev) {
    if (term(ev.target) === opened) opened = null;
  });

  // A newly shown tooltip is never one the reader dismissed before.
  ["focusin", "mouseover"].forEach(function (type) {
    document.addEventListener(type, function (ev) {
      if (!term(ev.target)) return;
      tooltips().forEach(function (tip) { tip.classList.remove("ts-tooltip--dismissed"); });
    });
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape" && ev.key !== "Esc") return;
    var shown = document.querySelectorAll(".md-tooltip2--active:not(.ts-tooltip--dismissed)");
    if (!shown.length) return;
    shown.forEach(function (tip) { tip.classList.add("ts-tooltip--dismissed"); });
    if (opened) { opened.blur(); opened = null; } // a tapped term: close it fully
    ev.stopPropagation(); // Escape closed the definition, not the search or the drawer
  }, true);

  // Placement. Material appends each tooltip to <body> and sets its offset from the term
  // (--md-tooltip-y) whenever it shows it or the page scrolls; after each of those updates a
  // definition that would run past the foot of the screen goes above the term instead.
  function keepInView(tip) {
    var inner = tip.querySelector(".md-tooltip2__inner");
    if (!inner || !tip.classList.contains("md-tooltip2--bottom")) return;
    var box = inner.getBoundingClientRect();
    if (box.bottom <= window.innerHeight) return;
    tip.style.setProperty("--md-tooltip-y", (-16 - box.height) + "px"); // Material's gap above a term
    tip.classList.replace("md-tooltip2--bottom", "md-tooltip2--top");
  }

  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      change.addedNodes.forEach(function (node) {
        if (!node.classList || !node.classList.contains("md-tooltip2")) return;
        new MutationObserver(function () { keepInView(node); })
          .observe(node, { attributes: true, attributeFilter: ["style", "class"] });
        keepInView(node);
      });
    });
  }).observe(document.body, { childList: true });
})();
