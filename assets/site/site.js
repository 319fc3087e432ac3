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

  /* Run `sync` when one of the theme's toggles changes: on its change event, and after the events
     by which the theme's script changes it without one. */
  function followToggle(toggle, sync, events) {
    toggle.addEventListener("change", sync);
    events.forEach(function (type) {
      document.addEventListener(type, function () { window.setTimeout(sync, 0); }, true);
    });
  }

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
    // the theme also opens and closes the drawer from script (Escape, a link), which fires no event
    followToggle(toggle, sync, ["click", "keyup"]);
    if (narrow.addEventListener) narrow.addEventListener("change", sync); else narrow.addListener(sync);
    sync();
  }

  /* The search dialog has no accessible name in Material: give it one. */
  function name() {
    var dialog = document.querySelector('.md-search[role="dialog"]');
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search this site");
  }
  /* Search that forgives (find.js): above the theme's full-text results, the exercises whose title
     or alias best match what was typed, spelling mistakes allowed ("hamstrng"), and "Did you mean"
     when nothing matches.  The exercises come from the build's handout data, loaded once. */
  function forgivingSearch() {
    var input = document.querySelector(".md-search__input");
    var result = document.querySelector(".md-search-result");
    if (!input || !result || !window.MoveWellFind) return;
    var root = window.MoveWellFind.root;
    var exercises = null, asked = false;
    var box = document.createElement("div");
    box.className = "mw-best";
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Best matches");
    box.hidden = true;
    result.insertBefore(box, result.querySelector(".md-search-result__list"));
    function show() {
      var query = input.value;
      box.textContent = "";
      box.hidden = true;
      if (!exercises || !query.trim()) return;
      var found = window.MoveWellFind.rank(exercises, query).slice(0, 3);
      var heading = found.length && window.MoveWellFind.exact(found[0], query) ? "Best matches" : "Did you mean";
      if (!found.length) {
        found = window.MoveWellFind.suggest(exercises, query);
      }
      if (!found.length) return;
      var title = document.createElement("p");
      title.className = "mw-best__title";
      title.textContent = heading + ":";
      var list = document.createElement("ul");
      found.forEach(function (ex) {
        var item = document.createElement("li"), link = document.createElement("a");
        link.href = root + ex.url;
        link.textContent = ex.title;
        item.appendChild(link);
        list.appendChild(item);
      });
      box.appendChild(title);
      box.appendChild(list);
      box.hidden = false;
    }
    function load() {
      if (asked) { show(); return; }
      asked = true;
      window.MoveWellFind.load(function (data) { exercises = data.exercises; show(); },
                               function () { asked = false; });
    }
    input.addEventListener("input", load);
    input.addEventListener("focus", load);
    // Enter (or the form's button) opens the best match, or the first result: sending the form
    // would reload the page with the search lost
    var form = input.form;
    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var first = box.querySelector("a") || result.querySelector(".md-search-result__link");
        if (first && input.value.trim()) window.location.href = first.href;
      });
    }
  }

  /* An exercise page: a button that prints just this exercise (the page's print style leaves out
     the menus, the search and the footer). */
  function printButton() {
    var dose = document.querySelector(".dose-box");
    if (!dose || document.querySelector(".mw-print")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button mw-print";
    button.textContent = "Print this exercise";
    button.addEventListener("click", function () { window.print(); });
    dose.parentNode.insertBefore(button, dose.nextSibling);
  }

  /* The search results are there while the search is closed, and their scrolling box took the
     focus out of sight: while the search is closed they are inert. */
  function searchOutput() {
    var toggle = document.getElementById("__search");
    var output = document.querySelector(".md-search__output");
    if (!toggle || !output) return;
    function sync() { output.inert = !toggle.checked; }
    followToggle(toggle, sync, ["click", "keyup", "focusin"]);
    // leaving the search with Tab closes it: its overlay would dim and cover what has the focus
    document.addEventListener("focusin", function (event) {
      if (toggle.checked && !event.target.closest(".md-search")) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
    });
    sync();
  }

  function ready() { name(); drawer(); forgivingSearch(); printButton(); searchOutput(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
