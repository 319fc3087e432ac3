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

  /* The search dialog has no accessible name in Material: give it one. */
  function name() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search this site");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", name);
  else name();
})();
