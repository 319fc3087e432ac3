/* Accessibility fixes for Material for MkDocs, without overriding its templates. */
(function () {
  "use strict";

  /* WCAG 2.1.4 Character Key Shortcuts: Material turns single keys (n, p, s, f, /, ., ,) into page
     changes and searches.  Speech-input users who say a word that starts with one of them would jump
     away.  Stop those keys in the capture phase, before Material sees them, unless a text field has
     focus (typing there is left alone). */
  var blocked = ["n", "p", "s", "f", "/", ".", ",", "N", "P", "S", "F"];
  function editable(el) {
    if (!el) return false;
    var tag = (el.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable;
  }
  window.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (blocked.indexOf(event.key) === -1) return;
    if (editable(event.target) || editable(document.activeElement)) return;
    event.stopImmediatePropagation();
  }, true);

  /* Below 1220 px the navigation is a drawer, off screen until opened, but its ~50 links still took
     Tab presses with the focus out of sight.  While it is closed it is inert: no focus, no clicks. */
  function drawer() {
    var toggle = document.getElementById("__drawer");
    var nav = document.querySelector(".md-sidebar--primary");
    if (!toggle || !nav) return;
    var narrow = window.matchMedia("(max-width: 76.234375em)");
    function sync() {
      var hidden = narrow.matches && !toggle.checked;
      nav.inert = hidden;
      if (hidden) nav.setAttribute("aria-hidden", "true"); else nav.removeAttribute("aria-hidden");
    }
    toggle.addEventListener("change", sync);
    // the theme also opens and closes the drawer from script (Escape, a link), which fires no event
    ["click", "keyup"].forEach(function (type) {
      document.addEventListener(type, function () { window.setTimeout(sync, 0); }, true);
    });
    if (narrow.addEventListener) narrow.addEventListener("change", sync); else narrow.addListener(sync);
    sync();
  }

  /* The search dialog has no accessible name in Material: give it one. */
  function name() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search this site");
  }
  function ready() { name(); drawer(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
