/* "Make a handout": pick exercises, set doses, preview, print, and share by link.
   Everything stays in the browser. The link keeps the choices after the # (the fragment), which
   browsers never send to a server; the patient's name is left out unless the user ticks a box. */
(function () {
  "use strict";

  var app = document.getElementById("handout-app");
  if (!app) return;

  var DATA = null;            // {exercises, instructions, organisation, phone, siteUrl}
  var BY_SLUG = Object.create(null);  // no inherited keys: a link naming "__proto__" finds nothing
  var WARN_OVER = 10;
  var state = {
    items: [],                // [{slug, mode: "default" | "custom" | "write-in", dose: {...}}]
    title: "", patient: "", date: "", therapist: "", clinic: "", notes: "",  // the title as the page gives it
    log: false, nameInLink: false
  };
  var FIELDS = ["title", "patient", "date", "therapist", "clinic", "notes", "log", "nameInLink"];

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else if (attrs[k] === true) node.setAttribute(k, "");
      else if (attrs[k] !== false && attrs[k] != null) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function announce(text) {
    var live = $("ho-announce");
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 30);
  }

  /* --- doses (handout-dose.js) and the link (handout-link.js) --- */
  var Dose = window.MoveWellDose, Link = window.MoveWellLink;
  function known(slug) { return typeof slug === "string" && Object.prototype.hasOwnProperty.call(BY_SLUG, slug); }
  function cleanDose(d, slug) { return Dose.clean(d, defaults(slug), DATA.sides); }
  function doseLine(ex, dose) { return Dose.line(DATA, dose, defaults(ex.slug)); }
  function itemDose(item) {
    var ex = BY_SLUG[item.slug];
    if (item.mode === "write-in") return null;
    if (item.mode === "custom") return doseLine(ex, item.dose);
    return ex.doseLine;
  }

  /* --- the link: the choices, in the address after the # --- */
  function shareable() {
    var copy = JSON.parse(JSON.stringify(state));
    if (!copy.nameInLink) copy.patient = "";
    return copy;
  }
  function addressOf(choices) {
    return location.href.split("#")[0] + "#h=" + Link.encode(choices);
  }
  function link() {
    return addressOf(shareable());
  }
  // the printed sheet's QR code opens these exercises and doses online: never who they are for,
  // who prescribed them or the notes, whatever is ticked
  function prescriber() {  // the therapist and the clinic, as the handout names who prescribed it
    return [state.therapist, state.clinic].filter(Boolean).join(", ");
  }
  function publicLink() {
    return addressOf({items: state.items, title: state.title, log: state.log});
  }
  function qrSvg(text) {
    if (typeof window.qrcode !== "function") return null;
    var qr = window.qrcode(0, "M");
    try {
      qr.addData(text);
      qr.make();
    } catch {
      return null;  // more than a QR code holds (about 2,300 letters): the sheet goes without one
    }
    var n = qr.getModuleCount(), d = "", ns = "http://www.w3.org/2000/svg";
    for (var r = 0; r < n; r++) {
      for (var c = 0; c < n; c++) if (qr.isDark(r, c)) d += "M" + (c + 2) + " " + (r + 2) + "h1v1h-1z";
    }
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 " + (n + 4) + " " + (n + 4));
    svg.setAttribute("class", "ho-qr");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "QR code: these exercises online");
    var back = document.createElementNS(ns, "rect");
    back.setAttribute("width", n + 4); back.setAttribute("height", n + 4); back.setAttribute("fill", "#fff");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", d); path.setAttribute("fill", "#000");
    svg.appendChild(back); svg.appendChild(path);
    return svg;
  }
  function restore() {
    if (!location.hash) return;
    var problem = Link.read(location.hash, state, DATA.exercises.length, known, cleanDose);
    if (problem) linkProblem(problem);
  }
  function linkProblem(message) {
    var warn = $("ho-link-problem");
    warn.textContent = message;
    warn.hidden = false;
  }
  function defaults(slug) {
    var d = BY_SLUG[slug].dose;
    return {reps: d.reps, sides: d.sides, sets: d.sets, rest: d.rest, hold: d.hold, frequency: d.frequency,
            relation: d.relation};
  }

  /* --- step 1: find --- */
  function passes(ex, filters) {
    for (var key in filters) {
      var want = filters[key];
      if (!want) continue;
      if (key === "conditions" ? ex.conditions.indexOf(want) < 0 : ex[key] !== want) return false;
    }
    return true;
  }
  function renderResults() {
    var query = $("ho-q").value;
    var filters = {};
    app.querySelectorAll("select[data-filter]").forEach(function (s) { filters[s.dataset.filter] = s.value; });
    var pool = DATA.exercises.filter(function (ex) { return passes(ex, filters); });
    // the site's search (find.js): forgiving of spelling, title and alias matches first
    var found = window.MoveWellFind.rank(pool, query);
    var list = $("ho-results");
    list.textContent = "";
    var mean = $("ho-did-you-mean");
    mean.textContent = "";
    if (query.trim() && !(found.length && window.MoveWellFind.exact(found[0], query))) {
      // spelt otherwise than any exercise: say what was understood, or what is nearest
      var near = found.length ? found.slice(0, 3) : window.MoveWellFind.suggest(pool, query);
      if (near.length) {
        mean.appendChild(document.createTextNode("Did you mean: "));
        near.forEach(function (ex, i) {
          if (i) mean.appendChild(document.createTextNode(", "));
          mean.appendChild(el("button", {type: "button", class: "ho-mean", "data-act": "mean", "data-title": ex.title, text: ex.title}));
        });
        mean.appendChild(document.createTextNode("?"));
      }
    }
    found.forEach(function (ex) {
      var id = "ho-pick-" + ex.slug;
      var chosen = state.items.some(function (it) { return it.slug === ex.slug; });
      var box = el("input", {type: "checkbox", id: id, "data-slug": ex.slug, "aria-describedby": id + "-meta"});
      box.checked = chosen;
      list.appendChild(el("li", {}, [
        box,
        el("div", {class: "ho-pick"}, [el("label", {"for": id, text: ex.title}),
          el("span", {class: "ho-meta", id: id + "-meta", text: ex.regionTitle + " · " + ex.helperLabel + " · " + ex.doseLine})])
      ]));
    });
    $("ho-count").textContent = found.length === 1 ? "1 exercise found" : found.length + " exercises found";
  }

  /* --- step 2: the chosen list --- */
  function renderChosen(focusId) {
    var list = $("ho-chosen");
    list.textContent = "";
    state.items.forEach(function (item, i) {
      var ex = BY_SLUG[item.slug], base = "ho-" + item.slug;
      var modes = [["default", "Default dose: " + ex.doseLine], ["custom", "Set a dose for this person"],
                   ["write-in", "Leave blank lines to write the dose in by hand"]];
      var fieldset = el("fieldset", {class: "ho-dose"}, [el("legend", {text: "Dose for " + ex.title})]);
      modes.forEach(function (m) {
        var id = base + "-mode-" + m[0];
        var radio = el("input", {type: "radio", name: base + "-mode", id: id, value: m[0], "data-slug": item.slug, "data-act": "mode"});
        radio.checked = item.mode === m[0];
        fieldset.appendChild(el("div", {class: "ho-radio"}, [radio, el("label", {"for": id, text: m[1]})]));
      });
      if (item.mode === "custom") {
        var grid = el("div", {class: "ho-grid ho-dose-fields"});
        [["reps", "Times (a number or a range like 8-10)"], ["sets", "Sets"], ["hold", "Hold, in seconds (or none)"],
         ["frequency", "How often"]].forEach(function (f) {
          var id = base + "-" + f[0];
          var input = el("input", {type: "text", id: id, "data-slug": item.slug, "data-dose": f[0]});
          input.value = item.dose[f[0]] || "";
          grid.appendChild(el("div", {}, [el("label", {"for": id, text: f[1]}), input]));
        });
        var sid = base + "-sides", sel = el("select", {id: sid, "data-slug": item.slug, "data-dose": "sides"});
        Object.keys(DATA.sides).forEach(function (key) {
          var words = DATA.sides[key], opt = el("option", {value: key, text: words ? words.charAt(0).toUpperCase() + words.slice(1) : "Not by side"});
          opt.selected = (item.dose.sides || "none") === key;
          sel.appendChild(opt);
        });
        grid.appendChild(el("div", {}, [el("label", {"for": sid, text: "Sides"}), sel]));
        fieldset.appendChild(grid);
      }
      var buttons = el("div", {class: "ho-move"}, [
        el("button", {type: "button", class: "md-button", id: base + "-up", "data-slug": item.slug, "data-act": "up",
                      "aria-label": "Move up: " + ex.title, disabled: i === 0}, ["Move up"]),
        el("button", {type: "button", class: "md-button", id: base + "-down", "data-slug": item.slug, "data-act": "down",
                      "aria-label": "Move down: " + ex.title, disabled: i === state.items.length - 1}, ["Move down"]),
        el("button", {type: "button", class: "md-button", id: base + "-remove", "data-slug": item.slug, "data-act": "remove",
                      "aria-label": "Remove: " + ex.title}, ["Remove"])
      ]);
      list.appendChild(el("li", {class: "ho-item", "data-slug": item.slug}, [
        el("h3", {text: ex.title}), fieldset, buttons]));
    });
    $("ho-empty").hidden = state.items.length > 0;
    var warn = $("ho-warning");
    if (state.items.length > WARN_OVER) {
      warn.hidden = false;
      warn.textContent = "This handout has " + state.items.length + " exercises. People are less likely to keep " +
        "up a long routine: consider " + WARN_OVER + " or fewer.";
    } else {
      warn.hidden = true;
      warn.textContent = "";
    }
    if (focusId && $(focusId)) $(focusId).focus();
  }

  /* --- step 3: preview, in the print packets' card layout --- */
  // each card is the build's, as a custom handout prints it (templates/card.html.j2, kept to the
  // site's allow-list by the build): this only fills in the dose and the figure's address
  var CARDS = Object.create(null);
  function fromBuild(html) {
    var t = document.createElement("template");
    t.innerHTML = html;  // inert: nothing in it loads or runs until it is placed
    return t.content.firstElementChild;
  }
  function cardFor(item) {
    var ex = BY_SLUG[item.slug], dose = itemDose(item);
    if (!CARDS[ex.slug]) CARDS[ex.slug] = fromBuild(ex.card);
    var card = CARDS[ex.slug].cloneNode(true), line = card.querySelector(".dose");
    card.querySelectorAll("img").forEach(function (img) {  // from the site's root to this page
      img.setAttribute("src", window.MoveWellFind.root + img.getAttribute("src"));
    });
    if (item.mode !== "default") {  // the dose's note is about the default dose
      var note = card.querySelector(".dose-note");
      if (note) note.remove();
    }
    if (!dose) line.replaceWith(fromBuild(DATA.writeInDose));
    else if (item.mode === "custom") {
      while (line.lastChild !== line.firstChild) line.removeChild(line.lastChild);
      line.appendChild(document.createTextNode(" " + dose));
    }
    return card;
  }
  function renderPreview() {
    var box = $("ho-preview");
    box.textContent = "";
    if (!state.items.length) {
      box.appendChild(el("p", {text: "The handout appears here as it will print."}));
      return;
    }
    var heading = state.title + (state.patient ? " (" + state.patient + ")" : "");
    var sheet = el("div", {class: "ho-sheet"}, [el("p", {class: "ho-sheet-title", text: heading})]);
    // who it is for, who prescribed it and when: the PDF handout's head, from the build
    var head = fromBuild(DATA.prescriptionHead);
    var values = {patient: state.patient, prescriber: prescriber(), date: state.date || DATA.writeInLine};
    head.querySelectorAll("[data-fill]").forEach(function (row) {
      var value = values[row.dataset.fill];
      if (value) row.querySelector("dd").textContent = value; else row.remove();
    });
    sheet.appendChild(head);
    var band = el("div", {class: "band"}, [el("strong", {text: "Read first "})]);
    var ul = el("ul");
    DATA.instructions.forEach(function (t) { ul.appendChild(el("li", {text: t})); });
    if (state.notes) ul.appendChild(el("li", {class: "ho-notes"}, [el("strong", {text: DATA.notesLabel + " "}), state.notes]));
    band.appendChild(ul);
    sheet.appendChild(band);
    var cards = el("div", {class: "cards"});
    state.items.forEach(function (item) { cards.appendChild(cardFor(item)); });
    sheet.appendChild(cards);
    var code = qrSvg(publicLink());
    if (code) {
      sheet.appendChild(el("div", {class: "ho-qr-box"}, [code,
        el("p", {text: "Scan to see these exercises online, with their doses. It does not hold your name."})]));
    }
    box.appendChild(sheet);
    if (state.log) {  // the PDF's log table, from the build: one row an exercise
      var LOG = DATA.log;
      var table = fromBuild(DATA.logTable), row = table.querySelector("tr[data-fill=exercise]");
      state.items.forEach(function (it) {
        var copy = row.cloneNode(true);
        copy.querySelector("th").textContent = BY_SLUG[it.slug].title;
        row.before(copy);
      });
      row.remove();
      box.appendChild(el("div", {class: "ho-sheet log-page"}, [
        el("p", {class: "ho-sheet-title", text: LOG.title}), el("p", {text: LOG.intro}),
        table, el("p", {class: "log-notes", text: LOG.notes})]));
    }
  }

  /* --- print: page header and footer like the PDFs --- */
  // every character but letters, digits and plain punctuation as a CSS escape: nothing can end the string
  function cssString(value) {
    return '"' + String(value).slice(0, 300).replace(/[^A-Za-z0-9 ,.()\u00C0-\u024F–·-]/gu, function (c) {
      return "\\" + c.codePointAt(0).toString(16) + " ";
    }) + '"';
  }
  function pageStyle() {
    var label = state.title + (state.patient ? " (" + state.patient + ")" : "");
    var who = prescriber();
    var foot = [DATA.organisation + (DATA.phone ? " " + DATA.phone : ""), who, state.date].filter(Boolean).join(" · ");
    var style = $("ho-page-style") || document.head.appendChild(el("style", {id: "ho-page-style"}));
    style.textContent = "@media print { @page { size: letter; margin: 0.7in 0.5in 0.7in 0.5in;" +
      " @top-left { content: " + cssString(label + " – Page ") + " counter(page) \" of \" counter(pages);" +
      " font: 700 13pt 'Atkinson Hyperlegible', sans-serif; }" +
      " @bottom-left { content: " + cssString(foot) + "; font: 11pt 'Atkinson Hyperlegible', sans-serif; } } }";
  }

  function update(structural, focusId) {
    if (structural) { renderChosen(focusId); renderResults(); }
    renderPreview();
    pageStyle();
    $("ho-link").value = link();
    // the address always holds the choices, so reloading or going back never loses them
    // (the patient's name only when the box to share it is ticked)
    if (history.replaceState) history.replaceState(null, "", link());
  }

  /* --- events --- */
  function onChange(event) {
    var t = event.target;
    if (t.matches("input[type=checkbox][data-slug]")) {
      var slug = t.dataset.slug, ex = BY_SLUG[slug];
      if (t.checked) {
        state.items.push({slug: slug, mode: "default", dose: defaults(slug)});
        announce(ex.title + " added, number " + state.items.length + ".");
      } else {
        state.items = state.items.filter(function (it) { return it.slug !== slug; });
        announce(ex.title + " removed.");
      }
      update(true, t.id);
    } else if (t.matches("input[type=radio][data-act=mode]")) {
      var item = find(t.dataset.slug);
      item.mode = t.value;
      update(true, t.id);
    } else if (t.matches("[data-dose]")) {
      find(t.dataset.slug).dose[t.dataset.dose] = t.value;
      update(false);
    } else if (t.matches("[data-field]")) {
      state[t.dataset.field] = t.type === "checkbox" ? t.checked : t.value;
      update(false);
    } else if (t.matches("select[data-filter]")) {
      renderResults();
    }
  }
  function find(slug) { return state.items.filter(function (it) { return it.slug === slug; })[0]; }

  function onClick(event) {
    var t = event.target.closest("button[data-act]");
    if (t && t.dataset.act === "mean") {  // "Did you mean": search for that exercise instead
      $("ho-q").value = t.dataset.title;
      renderResults();
      $("ho-q").focus();
      return;
    }
    if (t) {
      var slug = t.dataset.slug, i = state.items.indexOf(find(slug)), title = BY_SLUG[slug].title;
      if (t.dataset.act === "remove") {
        state.items.splice(i, 1);
        announce(title + " removed.");
        var next = state.items[Math.min(i, state.items.length - 1)];
        update(true, next ? "ho-" + next.slug + "-remove" : "ho-q");
        return;
      }
      var j = t.dataset.act === "up" ? i - 1 : i + 1;
      if (j < 0 || j >= state.items.length) return;
      var moved = state.items.splice(i, 1)[0];
      state.items.splice(j, 0, moved);
      announce(title + " moved to number " + (j + 1) + " of " + state.items.length + ".");
      var focus = "ho-" + slug + "-" + t.dataset.act;
      if ((t.dataset.act === "up" && j === 0) || (t.dataset.act === "down" && j === state.items.length - 1)) {
        focus = "ho-" + slug + "-" + (t.dataset.act === "up" ? "down" : "up");
      }
      update(true, focus);
    }
  }

  function copyLink() {
    var url = link(), input = $("ho-link");
    input.value = url;
    history.replaceState(null, "", url);
    function done() { announce("Link copied. It opens this handout with the same choices."); }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, function () { input.select(); document.execCommand("copy"); done(); });
    } else {
      input.select(); document.execCommand("copy"); done();
    }
  }

  function start(data) {
    DATA = data;
    data.exercises.forEach(function (ex) { BY_SLUG[ex.slug] = ex; });
    var nojs = $("ho-nojs");
    if (nojs) nojs.remove();
    state.title = app.querySelector("[data-field=title]").value;  // the build's (model.HANDOUT_TITLE)
    restore();
    FIELDS.forEach(function (f) {
      var input = app.querySelector("[data-field=" + f + "]");
      if (!input) return;
      if (input.type === "checkbox") input.checked = !!state[f]; else input.value = state[f] || "";
    });
    app.addEventListener("change", onChange);
    app.addEventListener("input", function (e) {
      if (e.target.id === "ho-q") renderResults();
      else if (e.target.matches("[data-dose], [data-field]") && e.target.type !== "checkbox") onChange(e);
    });
    app.addEventListener("click", onClick);
    $("ho-print").addEventListener("click", function () { pageStyle(); window.print(); });
    $("ho-copy").addEventListener("click", copyLink);
    // a short way to Print: the chosen exercises and their doses are already set by then
    $("ho-go-print").addEventListener("click", function () { $("ho-print").focus(); });
    // everything but the patient's name lives in the address, so a reload or Back keeps it; the
    // name does only when the box to put it in the link is ticked: ask before it is lost
    window.addEventListener("beforeunload", function (event) {
      if (state.patient && !state.nameInLink) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    update(true);
    app.classList.add("ho-ready");
  }

  window.MoveWellFind.load(start, function () {
    $("ho-count").textContent = "The exercise list could not be loaded. Reload the page to try again.";
  });
})();
