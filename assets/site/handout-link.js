/* The handout page's link: the choices after the # (the fragment, which browsers never send to a
   server), as base64url of UTF-8 JSON.  A link is untrusted: every value is checked against the
   exercise list and the dose limits before the page uses it. */
(function () {
  "use strict";

  var MAX_LINK = 20000, MAX_TEXT = 200, MAX_NOTES = 2000;
  var DAMAGED = "This handout link is damaged or too long, so it was not opened. Start a new handout, or ask for the link again.";
  var UNREADABLE = "This handout link could not be read, so it was not opened. Start a new handout, or ask for the link again.";

  function encode(obj) {
    var bytes = new TextEncoder().encode(JSON.stringify(obj)), bin = "";
    bytes.forEach(function (b) { bin += String.fromCharCode(b); });
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function decode(text) {
    var bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return JSON.parse(new TextDecoder().decode(bytes));
  }

  // the choices a link holds, checked, written into `state`; "" or what the reader is told of a link
  // that could not be read whole.  known(slug): an exercise of this site; dose(value, slug): a checked dose
  function read(hash, state, most, known, dose) {
    var text = window.MoveWellDose.text;
    var m = hash.match(/^#h=([A-Za-z0-9_-]+)$/);
    if (!m || m[1].length > MAX_LINK) return DAMAGED;
    try {
      var saved = decode(m[1]);
      if (!saved || typeof saved !== "object" || Array.isArray(saved) || !Array.isArray(saved.items || [])) {
        throw new Error("not a handout");
      }
      ["title", "patient", "therapist", "clinic"].forEach(function (f) { if (f in saved) state[f] = text(saved[f], MAX_TEXT); });
      state.notes = text(saved.notes, MAX_NOTES);
      state.date = /^\d{4}-\d{2}-\d{2}$/.test(saved.date) ? saved.date : "";
      state.log = saved.log === true;
      state.nameInLink = saved.nameInLink === true;
      var items = Array.isArray(saved.items) ? saved.items.slice(0, MAX_LINK) : [], seen = Object.create(null), dropped = 0;
      state.items = [];
      items.forEach(function (it) {
        if (!it || !known(it.slug) || seen[it.slug] || state.items.length >= most) { dropped++; return; }
        seen[it.slug] = true;
        state.items.push({slug: it.slug, mode: ["default", "custom", "write-in"].indexOf(it.mode) >= 0 ? it.mode : "default",
                          dose: dose(it.dose, it.slug)});
      });
      return dropped ? dropped + " item(s) in this link are not exercises on this site and were left out." : "";
    } catch {
      state.items = [];
      return UNREADABLE;
    }
  }

  window.MoveWellLink = {encode: encode, read: read};
})();
