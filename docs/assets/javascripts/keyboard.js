// Keyboard fixes for Material.
//
// Material opens the navigation drawer (below 76.25em wide) with a <label> for a hidden checkbox,
// which a mouse or a finger can press but the keyboard cannot reach. Put a real button in its
// place: Tab reaches it, Enter or Space (or a click) opens the drawer and moves focus into it,
// and Escape closes the drawer and returns focus to the button.
// Material's names used here are checked in scripts/talksite/material_facts.py: drawer-label,
// drawer-toggle, drawer-nav-links, nav-link-class, skip-link, document-observable.
(function () {
  var drawer = document.getElementById("__drawer");
  if (!drawer) return;

  function button() {
    return document.querySelector("button.site-drawer-button");
  }

  function setOpen(open) {
    drawer.checked = open;
    drawer.dispatchEvent(new Event("change"));
    var b = button();
    if (b) b.setAttribute("aria-expanded", String(open));
  }

  function enhance() {
    var label = document.querySelector('label.md-header__button[for="__drawer"]');
    if (!label) return;
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-header__button md-icon site-drawer-button";
    b.setAttribute("aria-label", "Navigation");
    b.setAttribute("aria-expanded", "false");
    b.innerHTML = label.innerHTML;
    b.addEventListener("click", function () {
      setOpen(true);
      var first = document.querySelector(".md-sidebar--primary a.md-nav__link[href]");
      if (first) first.focus();
    });
    label.replaceWith(b);
  }

  drawer.addEventListener("change", function () {  // also when the overlay closes it
    var b = button();
    if (b) b.setAttribute("aria-expanded", String(drawer.checked));
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !drawer.checked) return;
    setOpen(false);
    var b = button();
    if (b) b.focus();
  });

  // The skip link: Material's instant navigation answers it by fetching the page again and
  // swapping it in, which can leave the keyboard before the navigation instead of in the content.
  // Move focus to the content ourselves, before Material sees the click.
  window.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-skip");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(new URL(link.href).hash.slice(1)));
    if (!target) return;
    event.preventDefault();
    event.stopPropagation();
    target.setAttribute("tabindex", "-1");
    target.focus();
    history.replaceState(history.state, "", "#" + target.id);
  }, true);

  // Material swaps pages in place (instant navigation): enhance each new page, not only the first.
  if (window.document$) window.document$.subscribe(enhance);
  else enhance();
})();
