/* The handout page's doses: what a link or the form may set, and how a dose reads.  The words are
   the build's (model.DOSE_WORDS, the sides of content/vocabulary.yml): this picks one by the number,
   fills its {blanks} and puts the parts in order, as model.dose_parts does. */
(function () {
  "use strict";

  var LIMITS = {reps: 100, sets: 20, hold: 600, rest: 600};  // hold and rest in seconds

  function text(value, max) { return typeof value === "string" ? value.slice(0, max) : ""; }
  // a whole number or a range "8-12" within 1..max, or one of the words; anything else is ""
  function amount(value, max, words) {
    var t = String(value == null ? "" : value).trim();
    if ((words || []).indexOf(t) >= 0) return t;
    var m = t.match(/^(\d{1,4})(?:\s*(?:-|–|to)\s*(\d{1,4}))?$/);
    if (!m) return "";
    var lo = +m[1], hi = m[2] ? +m[2] : lo;
    return lo >= 1 && hi <= max && lo <= hi ? t : "";
  }
  // a dose from a link or the form, every value checked; `base` is the exercise's own dose
  function clean(d, base, sides) {
    if (!d || typeof d !== "object") return base;
    return {reps: amount(d.reps, LIMITS.reps, ["as-prescribed"]), sets: amount(d.sets, LIMITS.sets),
            rest: amount(d.rest, LIMITS.rest), hold: amount(d.hold, LIMITS.hold, ["none", "as-prescribed"]),
            sides: Object.prototype.hasOwnProperty.call(sides, d.sides) ? d.sides : base.sides,
            relation: ["", "both", "either"].indexOf(d.relation) >= 0 ? d.relation : base.relation,
            frequency: text(d.frequency, 80)};
  }

  // data: the build's {doseWords, sides, blank}; dose: as set; base: the exercise's own dose
  function line(data, dose, base) {
    function words(key, values) {
      return data.doseWords[key].replace(/\{(\w+)\}/g, function (all, name) { return values[name]; });
    }
    function range(value) {
      var m = String(value || "").trim().match(/^(\d+)\s*(?:-|–|to)\s*(\d+)$/);
      return m ? words("range", {low: m[1], high: m[2]}) : String(value || "").trim();
    }
    function seconds(value) { var n = range(value); return n === "1" ? words("second") : words("seconds", {n: n}); }

    var d = clean(dose, base, data.sides);
    // a value typed out of range (or not a number) prints as a blank to write in, never as typed
    ["reps", "sets", "hold", "rest"].forEach(function (f) { if (!d[f] && String(dose[f] || "").trim()) d[f] = data.blank; });
    var parts = [], reps = d.reps, side = data.sides[d.sides] || "";
    if (!reps || reps === "as-prescribed") parts.push(words("times_as_prescribed"));
    else parts.push(range(reps) === "1" ? words("once") : words("times", {n: range(reps)}));
    if (side) parts[0] = words("with_sides", {dose: parts[0], sides: side});
    var sets = String(d.sets || "").trim();
    if (sets) {
      var set = range(sets) === "1" ? words("set") : words("sets", {n: range(sets)});
      parts.push(d.rest ? words("rest", {sets: set, seconds: seconds(d.rest)}) : set);
    }
    var hold = String(d.hold || "").trim(), numbers = /^\d/.test(hold) && /^\d/.test(reps);
    if (d.relation === "either" && numbers) parts[0] = words("or_hold", {dose: parts[0], seconds: seconds(hold)});
    else if (hold === "as-prescribed") parts.push(words("hold_as_prescribed"));
    else if (hold && hold !== "none") {
      var held = words("hold", {seconds: seconds(hold)});
      parts.push(d.relation === "both" && range(reps) !== "1" ? words("each_time", {hold: held}) : held);
    }
    if (d.frequency) parts.push(String(d.frequency).trim());
    return parts.join(words("between"));
  }

  window.MoveWellDose = {text: text, clean: clean, line: line};
})();
