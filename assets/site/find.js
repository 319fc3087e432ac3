/* Finding an exercise, forgiving of spelling: one search for the site's search box ("best matches"
   and "did you mean") and for the handout page's list.  A typed word matches a word of an exercise
   when it is the start of it ("ham" finds Hamstring) or, for words of 4 letters or more, when it is
   one or two letters off (one for 4 to 6 letters, two from 7): "hamstrng" finds Hamstring Stretch.
   Words such as "to" and "the" are left out ("knee to chest" does not match every "to").  Title
   matches rank first (the typed words in a row in a title above all), then aliases, then the
   summary, the body region and the guide.  No network, no
   storage: exercises come from the build's handout data. */
(function () {
  "use strict";

  var STOP = ["a", "an", "and", "the", "to", "of", "in", "on", "for", "with", "my", "your", "at", "by", "or",
              "how", "do", "i", "is", "it"];
  var FIELDS = [["title", 4], ["aliases", 3], ["summary", 1], ["regionTitle", 1], ["guide", 1]];

  function words(text) {
    return String(text || "").toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^a-z0-9]+/).filter(Boolean);
  }
  function queryWords(query) {
    return words(query).filter(function (w) { return STOP.indexOf(w) < 0; });
  }
  // Damerau-Levenshtein distance (optimal string alignment), stopping early past `most`
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < low) low = v;
      }
      if (low > most) return most + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }
  function allowed(word) { return word.length >= 7 ? 2 : word.length >= 4 ? 1 : 0; }

  // how well one typed word matches one word of the text: 1 the start of it, 0.6 a near spelling
  function wordScore(typed, word) {
    if (word.indexOf(typed) === 0) return 1;
    var most = allowed(typed);
    if (!most) return 0;
    if (distance(typed, word, most) <= most) return 0.6;
    // a typed word may also be the start of a longer word, misspelt: "hamstr" for "hamstring"
    if (word.length > typed.length && distance(typed, word.slice(0, typed.length), most) <= most) return 0.5;
    return 0;
  }
  function fieldWords(ex) {
    if (!ex._findWords) {
      ex._findWords = FIELDS.map(function (f) {
        var value = ex[f[0]];
        return [words(Array.isArray(value) ? value.join(" ") : value), f[1]];
      });
    }
    return ex._findWords;
  }
  // a score for the exercise, or 0 when a typed word matches nothing of it
  function score(ex, typed) {
    var total = 0;
    for (var t = 0; t < typed.length; t++) {
      var best = 0;
      fieldWords(ex).forEach(function (fw) {
        for (var k = 0; k < fw[0].length; k++) best = Math.max(best, wordScore(typed[t], fw[0][k]) * fw[1]);
      });
      if (!best) return 0;
      total += best;
    }
    // the words in a row in the title ("knee to chest" in Knee to Chest Stretch) rank it first
    var title = fieldWords(ex)[0][0];
    for (var start = 0; start + typed.length <= title.length; start++) {
      var row = typed.every(function (t, k) { return wordScore(t, title[start + k]) > 0; });
      if (row) return total + 3;
    }
    return total;
  }

  /* The exercises matching every typed word, best first (the given order among equals). */
  function rank(exercises, query) {
    var typed = queryWords(query);
    if (!typed.length) return exercises.slice();
    return exercises.map(function (ex, i) { return {ex: ex, score: score(ex, typed), i: i}; })
      .filter(function (r) { return r.score > 0; })
      .sort(function (a, b) { return b.score - a.score || a.i - b.i; })
      .map(function (r) { return r.ex; });
  }

  /* When nothing matches every word: the exercises whose title or alias is nearest what was
     typed, for "Did you mean". */
  function suggest(exercises, query, count) {
    var typed = queryWords(query);
    if (!typed.length) return [];
    return exercises.map(function (ex) {
      var names = [ex.title].concat(ex.aliases || []);
      var best = Infinity;
      names.forEach(function (name) {
        var nw = words(name), sum = 0;
        typed.forEach(function (t) {
          var d = Infinity;
          nw.forEach(function (w) { d = Math.min(d, w.indexOf(t) === 0 ? 0 : distance(t, w, 3)); });
          sum += d;
        });
        best = Math.min(best, sum / typed.length);
      });
      return {ex: ex, d: best};
    }).filter(function (r) { return r.d <= 2; })
      .sort(function (a, b) { return a.d - b.d; })
      .slice(0, count || 3).map(function (r) { return r.ex; });
  }

  /* Does every typed word start a word of the exercise, spelt as typed (no correction needed)? */
  function exact(ex, query) {
    return queryWords(query).every(function (t) {
      return fieldWords(ex).some(function (fw) { return fw[0].some(function (w) { return w.indexOf(t) === 0; }); });
    });
  }

  /* The site's root, as a path from this page: this script lives at <root>assets/find.js.  Every
     address the scripts make starts here, so they work with either URL style (exercises/x/ or
     exercises/x.html) and from a copy opened from disk. */
  var self = document.currentScript;
  var root = self ? self.src.replace(/assets\/find\.js(?:[?#].*)?$/, "") : "";

  /* The build's exercise data (assets/handout-data.js), loaded once, for whoever asks: a script
     element, not fetch(), so that it loads from disk too (a pull request's preview). */
  var waiting = null;
  function load(done, failed) {
    if (window.moveWellData) { done(window.moveWellData); return; }
    if (waiting) { waiting.push([done, failed]); return; }
    waiting = [[done, failed]];
    var script = document.createElement("script");
    script.src = root + "assets/handout-data.js";
    script.onload = function () {
      var calls = waiting; waiting = null;
      calls.forEach(function (c) { if (window.moveWellData) c[0](window.moveWellData); else if (c[1]) c[1](); });
    };
    script.onerror = function () {
      var calls = waiting; waiting = null;
      script.remove();
      calls.forEach(function (c) { if (c[1]) c[1](); });
    };
    document.head.appendChild(script);
  }

  window.MoveWellFind = {rank: rank, suggest: suggest, exact: exact, words: queryWords, distance: distance,
                         root: root, load: load};
})();
