// Search and filters for the company directory, and the loader of the search index that
// the shortlist's comparison uses too. The listing is plain HTML with links; this script
// only enhances it: a search box, filters with counts, and results, with the state in the
// URL. The index is written by sitegen (generator/search): a manifest, a facet table
// fetched once, and text shards and document chunks fetched only when a query needs them.
(function () {
  'use strict';

  // Terms are made as the index builder makes them (search.Normalize and search.Terms).
  function fold(s) {
    return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  }
  var WORD = /[\p{L}\p{N}]+/gu;
  // Chinese and Japanese have no spaces: their runs are indexed as overlapping character
  // pairs (search.eachSegment), and queries are split the same way.
  var CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]+/gu;
  var CJK_START = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]/u; // a pair, not a word
  function words(s) {
    var out = [];
    (fold(s).match(WORD) || []).forEach(function (w) {
      var last = 0;
      w.replace(CJK, function (run, at) {
        if (at > last) out.push(w.slice(last, at));
        var cs = Array.from(run);
        for (var i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]);
        last = at + run.length;
      });
      if (last < w.length) out.push(w.slice(last));
    });
    return out;
  }

  // Arabic light stemming, the twin of search.ArabicForms: the article or a one-letter
  // particle taken off the front (3 letters left, 4 after a particle), then the common
  // suffixes off the end (3 letters left).
  var ARTICLES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'], PARTICLES = ['و', 'ب', 'ل', 'ك', 'ف'];
  var SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ية', 'ه', 'ة', 'ي'];
  function len(s) { return Array.from(s).length; }
  function arabicPrefix(w) {
    var n = len(w), i;
    for (i = 0; i < ARTICLES.length; i++) {
      if (w.startsWith(ARTICLES[i]) && n - len(ARTICLES[i]) >= 3) return [w.slice(ARTICLES[i].length), true];
    }
    for (i = 0; i < PARTICLES.length; i++) {
      if (w.startsWith(PARTICLES[i]) && n - 1 >= 4) return [w.slice(PARTICLES[i].length), false];
    }
    return [w, false];
  }
  function arabicStem(w) {
    SUFFIXES.forEach(function (s) {
      if (w.endsWith(s) && len(w) - len(s) >= 3) w = w.slice(0, w.length - s.length);
    });
    return w;
  }
  var ARABIC = /^\p{sc=Arabic}/u;
  // arabicForms lists the other forms of a folded word that the index holds.
  function arabicForms(w) {
    if (!ARABIC.test(w)) return [];
    var p = arabicPrefix(w), out = [];
    function add(f) { if (f !== w && out.indexOf(f) < 0) out.push(f); }
    if (p[0] === w || !p[1]) add(arabicStem(w));
    if (p[0] !== w) { add(p[0]); add(arabicStem(p[0])); }
    return out;
  }
  // searchForms are what a query word is looked up by: an Arabic word by its stem, and by
  // the stem without a one-letter particle when it may start with one (ب in برمجيات is
  // part of the word, in بشركات it is "with"); any word starting with one of them matches.
  function searchForms(t) {
    if (!ARABIC.test(t)) return [t];
    var p = arabicPrefix(t), out = [];
    if (p[0] === t || !p[1]) out.push(arabicStem(t));
    if (p[0] !== t && out.indexOf(arabicStem(p[0])) < 0) out.push(arabicStem(p[0]));
    return out;
  }

  // A set of documents is a bitset: bit i of words[i >> 5].
  function bits(n) {
    return new Uint32Array((n + 31) >>> 5);
  }

  // decodeSet reads search.encodeSet's format: "d" + base64 varint gaps, "b" + base64
  // bitmap, or "" for the empty set.
  function decodeSet(s, n) {
    var out = bits(n);
    if (!s) return out;
    var bin = atob(s.slice(1)), i = 0, id = 0, first = true;
    if (s[0] === 'b') {
      for (; i < bin.length; i++) out[i >>> 2] |= bin.charCodeAt(i) << ((i & 3) * 8);
      return out;
    }
    while (i < bin.length) {
      var gap = 0, scale = 1, b;
      do {
        b = bin.charCodeAt(i++);
        gap += (b & 127) * scale;
        scale *= 128;
      } while (b & 128);
      id = first ? gap : id + gap;
      first = false;
      out[id >>> 5] |= 1 << (id & 31);
    }
    return out;
  }

  function or(a, b) {
    for (var i = 0; i < a.length; i++) a[i] |= b[i];
    return a;
  }
  function and(a, b) {
    for (var i = 0; i < a.length; i++) a[i] &= b[i];
    return a;
  }
  function all(n) {
    var s = bits(n);
    s.fill(0xffffffff);
    if (n & 31) s[s.length - 1] = (1 << (n & 31)) - 1;
    return s;
  }
  function has(s, i) {
    return (s[i >>> 5] >>> (i & 31)) & 1;
  }
  function count(s) {
    var c = 0;
    for (var i = 0; i < s.length; i++) {
      var x = s[i];
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      c += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return c;
  }

  function Index(url) {
    this.url = new URL(url, location.href);
    this.files = {};
    this.terms = new Map();
    var self = this;
    this.ready = this.get('').then(function (m) {
      self.m = m;
      self.stop = new Set(m.stopWords);
      return self.get(m.facets);
    }).then(function (t) {
      var n = self.m.docs;
      self.slugs = t.slug;
      self.names = t.name;
      self.bySlug = new Map(t.slug.map(function (s, i) { return [s, i]; }));
      self.facets = t.facets.map(function (f) {
        f.values.forEach(function (v) { v.bits = decodeSet(v.set, n); });
        return f;
      });
      return self;
    });
  }

  // get fetches a file of the index once ("" is the manifest). Someone is waiting for
  // each of them, so they go ahead of images and the like.
  Index.prototype.get = function (name) {
    var u = new URL(name, this.url).href;
    if (!this.files[u]) {
      this.files[u] = fetch(u, { priority: 'high' }).then(function (r) {
        if (!r.ok) throw new Error(u + ': ' + r.status);
        return r.json();
      });
    }
    return this.files[u];
  };

  // queryTerms splits a query as the builder splits text.
  Index.prototype.queryTerms = function (q) {
    var m = this.m, stop = this.stop;
    return words(q).filter(function (w, i, a) {
      return Array.from(w).length >= m.minTerm && !stop.has(w) && a.indexOf(w) === i;
    });
  };

  // shardsOf lists the shard files that hold the words starting with f: the shard of f's
  // longest listed prefix and, with deeper, any shards of longer prefixes that start with f.
  Index.prototype.shardsOf = function (f, deeper) {
    var self = this, files = [], best = '';
    Object.keys(this.m.shards).forEach(function (p) {
      if (f.startsWith(p) && p.length > best.length) best = p;
      else if (deeper && p.startsWith(f) && p.length > f.length) files.push(self.m.shards[p]);
    });
    if (best) files.push(this.m.shards[best]);
    return files;
  };

  // term finds the documents with a word that starts with t (with one of its searchForms):
  // one set per field (name, summary, facts, body) and one for exact matches, from the
  // shards of each form; and, for a word of 4 letters or more, the documents with a near
  // miss of it (see nearMisses) in `near`, when they have no word that starts with t.
  Index.prototype.term = function (t) {
    if (this.terms.has(t)) return this.terms.get(t);
    var self = this, n = this.m.docs, files = [], forms = searchForms(t);
    forms.forEach(function (f) { files = files.concat(self.shardsOf(f, true)); });
    files = files.filter(function (f, i) { return files.indexOf(f) === i; });
    var pr = Promise.all([Promise.all(files.map(function (f) { return self.get(f); })), this.nearMisses(t, forms)]).then(function (r) {
      var fields = [bits(n), bits(n), bits(n), bits(n)], exact = bits(n), any = bits(n);
      var nearFields = [bits(n), bits(n), bits(n), bits(n)], near = bits(n);
      r[0].forEach(function (s) {
        s.t.forEach(function (term, i) {
          if (!forms.some(function (f) { return term.startsWith(f); })) return;
          s.p[i].forEach(function (enc, f) {
            if (!enc) return;
            var set = decodeSet(enc, n);
            or(fields[f], set);
            or(any, set);
            if (term === t || forms.indexOf(term) >= 0) or(exact, set);
          });
        });
      });
      r[1].forEach(function (hit) {
        hit.postings.forEach(function (enc, f) {
          if (!enc) return;
          var set = decodeSet(enc, n);
          or(nearFields[f], set);
          or(near, set);
        });
      });
      for (var w = 0; w < near.length; w++) near[w] &= ~any[w];
      or(any, near);
      return { fields: fields, exact: exact, any: any, near: near, nearFields: nearFields };
    });
    this.terms.set(t, pr);
    return pr;
  };

  // vocabOf fetches the index's words with t's first letter (its vocab file), for t of
  // at least min letters outside Chinese and Japanese; no words otherwise.
  Index.prototype.vocabOf = function (t, min) {
    var file = this.m.vocab && this.m.vocab[Array.from(t)[0]];
    if (!file || len(t) < min || CJK_START.test(t)) return Promise.resolve([]);
    return this.get(file);
  };

  // distance is the fewest letters to insert, delete or change in a to make it b, or with
  // prefix a prefix of b (Levenshtein against b's best prefix); at most max + 1.
  function distance(a, b, max, prefix) {
    a = Array.from(a);
    b = Array.from(b);
    var prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
        low = Math.min(low, cur[j]);
      }
      if (low > max) return max + 1;
      prev = cur;
    }
    return Math.min(max + 1, prefix ? Math.min.apply(null, prev) : prev[b.length]);
  }

  // nearest finds the index's word nearest to t, at most 2 edits away, for "did you mean"
  // (t of 3 letters or more outside Chinese and Japanese); null when there is none.
  Index.prototype.nearest = function (t) {
    return this.vocabOf(t, 3).then(function (words) {
      var best = null, d = 3;
      words.forEach(function (w) {
        var x = distance(t, w, d - 1, false);
        if (x < d) { best = w; d = x; }
      });
      return best;
    });
  };

  // nearMisses finds the words of the index one edit away from starting with t (two for a
  // word of 8 letters or more), for t of 4 letters or more outside Chinese and Japanese,
  // among the words with t's first letter (the index's vocab file of that letter): the 8
  // nearest, each with its postings. A word that starts with a form of t is no near miss.
  Index.prototype.nearMisses = function (t, forms) {
    var self = this, max = len(t) >= 8 ? 2 : 1;
    return this.vocabOf(t, 4).then(function (words) {
      var near = [];
      words.forEach(function (w) {
        if (forms.some(function (f) { return w.startsWith(f); })) return;
        var d = distance(t, w, max, true);
        if (d <= max) near.push({ word: w, d: d });
      });
      near.sort(function (a, b) { return a.d - b.d; });
      near = near.slice(0, 8);
      return Promise.all(near.map(function (x) {
        return Promise.all(self.shardsOf(x.word, false).map(function (f) { return self.get(f); })).then(function (shards) {
          var postings = null;
          shards.forEach(function (s) {
            var i = s.t.indexOf(x.word);
            if (i >= 0) postings = s.p[i];
          });
          return { word: x.word, postings: postings || [] };
        });
      }));
    });
  };

  // prefetch starts fetching, for a word of one letter c, the shards of the words of two
  // letters that it may become, so that the next keystroke finds them loaded. Deeper
  // shards wait for their prefix, and nothing is fetched when c starts many shards.
  Index.prototype.prefetch = function (c) {
    var self = this, keys = Object.keys(this.m.shards).filter(function (k) {
      return (k.startsWith(c) && Array.from(k).length <= 2) || c.startsWith(k);
    });
    if (keys.length <= 16) keys.forEach(function (k) { self.get(self.m.shards[k]); });
  };

  // doc fetches a company's chunk entry: summary, excerpt, founded, contact.
  Index.prototype.doc = function (i) {
    var size = this.m.chunkSize;
    return this.get(this.m.chunks[Math.floor(i / size)]).then(function (c) { return c[i % size]; });
  };

  Index.prototype.profile = function (i) {
    return this.m.profiles + this.slugs[i] + '/';
  };

  // valuesOf lists company i's values of a facet.
  Index.prototype.valuesOf = function (facet, i) {
    var f = this.facets.find(function (x) { return x.id === facet; });
    return f ? f.values.filter(function (v) { return has(v.bits, i); }) : [];
  };

  var indexes = {};
  window.sitegenIndex = function (url) {
    return indexes[url] || (indexes[url] = new Index(url));
  };

  // format fills %s and %d in order.
  function format(s) {
    var args = Array.prototype.slice.call(arguments, 1);
    return s.replace(/%[sd]/g, function () { return args.shift(); });
  }

  // matches lists the words of text that start with a query term, and the places where a
  // CJK term occurs inside a run, as regexp matches in text order.
  function matches(text, terms) {
    var found = [];
    Array.from(text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)).forEach(function (m) {
      var w = fold(m[0]), forms = [w].concat(arabicForms(w)); // as the index holds the word
      if (terms.some(function (t) {
        var sf = searchForms(t);
        return forms.some(function (x) { return sf.some(function (f) { return x.startsWith(f); }); });
      })) return found.push(m);
      terms.forEach(function (t) {
        if (!CJK_START.test(t)) return;
        for (var at = m[0].indexOf(t); at >= 0; at = m[0].indexOf(t, at + t.length)) {
          var x = [t];
          x.index = m.index + at;
          found.push(x);
        }
      });
    });
    found.sort(function (a, b) { return a.index - b.index; });
    // Overlapping pairs ("软件" and "件公" in "软件公司") are marked as one run.
    return found.filter(function (m, i) {
      return !i || m.index >= found[i - 1].index + found[i - 1][0].length;
    });
  }

  // highlight appends text to el with every word that starts with a query term in <mark>.
  function highlight(el, text, terms) {
    var last = 0;
    matches(text, terms).forEach(function (m) {
      var mark = document.createElement('mark');
      mark.textContent = m[0];
      el.append(text.slice(last, m.index), mark);
      last = m.index + m[0].length;
    });
    el.append(text.slice(last));
  }

  function matchAt(text, terms) {
    var m = matches(text, terms)[0];
    return m ? m.index : -1;
  }

  // snippet is the summary, or the part of the excerpt around the first match.
  function snippet(doc, terms) {
    if (!terms.length || matchAt(doc.s, terms) >= 0 || !doc.x) return doc.s;
    var at = matchAt(doc.x, terms);
    if (at < 0) return doc.s;
    var from = Math.max(0, doc.x.lastIndexOf(' ', Math.max(0, at - 60)));
    return (from > 0 ? '…' : '') + doc.x.slice(from).trim().slice(0, 180) + (from + 180 < doc.x.length ? '…' : '');
  }

  var root = document.querySelector('.directory');
  if (!root) return;
  var ds = root.dataset, lang = document.documentElement.lang || 'en';
  // The search index is loaded when the visitor first reaches for the search or the
  // filters (see start): until then the page is complete as the server sent it.
  var idx;
  var searchForm = root.querySelector('.search-form'), input = searchForm.querySelector('input');
  var facetForm = root.querySelector('.facet-form'), links = root.querySelector('.facet-links');
  var staticList = root.querySelector('.listing'), results = root.querySelector('.results');
  var list = results.querySelector('.cards'), heading = results.querySelector('.result-count');
  var more = results.querySelector('.more'), none = results.querySelector('.no-results');
  var didYouMean = results.querySelector('.did-you-mean'), lastFound = [];
  var status = root.querySelector('.search-status'), template = root.querySelector('.card-template');
  var plural, number; // made on first use: setting up the locale data costs a phone tens of ms
  var pageSize = Math.min(+ds.pageSize || 24, 24), shown = 0, hits = [], terms = [], run = 0, announceTimer;
  var state = { q: '', f: {} };

  function fmt(n) {
    number = number || new Intl.NumberFormat(lang);
    return number.format(n);
  }

  function countText(n) {
    plural = plural || new Intl.PluralRules(lang);
    var c = plural.select(n);
    var s = ds['n' + c[0].toUpperCase() + c.slice(1)] || ds.nOther;
    return format(s, fmt(n));
  }

  function readURL() {
    var p = new URLSearchParams(location.search);
    state.q = p.get('q') || '';
    idx.facets.forEach(function (f) {
      var ok = new Set(f.values.map(function (v) { return v.id; }));
      // The listing's own filter is not the URL's to change.
      state.f[f.id] = new Set(f.id === ds.fixedFacet ? [] : p.getAll(f.id).filter(function (v) { return ok.has(v); }));
    });
  }

  function writeURL(push) {
    var p = new URLSearchParams();
    if (state.q.trim()) p.set('q', state.q.trim());
    idx.facets.forEach(function (f) {
      f.values.forEach(function (v) {
        if (state.f[f.id].has(v.id)) p.append(f.id, v.id);
      });
    });
    var url = location.pathname + (String(p) ? '?' + p : '');
    if (url !== location.pathname + location.search) history[push ? 'pushState' : 'replaceState'](null, '', url);
  }

  // The search is on once a word is long enough or a filter is ticked; until then the
  // page's own listing shows.
  function active() {
    return terms.length > 0 || idx.facets.some(function (f) { return state.f[f.id].size > 0; });
  }

  // buildForm makes a checkbox per facet value, in the fieldsets the theme rendered.
  function buildForm() {
    idx.facets.forEach(function (f) {
      var fs = facetForm.querySelector('[data-facet="' + f.id + '"]');
      if (!fs) return;
      if (!f.values.length || f.id === ds.fixedFacet) {
        fs.hidden = true;
        return;
      }
      var box = fs.querySelector('.facet-values'), group = null, ul = null;
      f.values.forEach(function (v) {
        if (!ul || v.group !== group) {
          group = v.group;
          var sec = document.createElement('div');
          if (group) {
            var h = document.createElement('p');
            h.className = 'facet-group';
            h.textContent = group;
            sec.append(h);
          }
          ul = document.createElement('ul');
          sec.append(ul);
          box.append(sec);
        }
        var li = document.createElement('li'), label = document.createElement('label');
        var cb = document.createElement('input'), c = document.createElement('span');
        cb.type = 'checkbox';
        cb.name = f.id;
        cb.value = v.id;
        c.className = 'count';
        label.append(cb, ' ' + v.label + ' ', c);
        li.append(label);
        ul.append(li);
        v.li = li;
        v.cb = cb;
        v.count = c;
      });
    });
  }

  function syncForm() {
    input.value = state.q;
    idx.facets.forEach(function (f) {
      f.values.forEach(function (v) {
        if (v.cb) v.cb.checked = state.f[f.id].has(v.id);
      });
    });
  }

  // filter is the set of companies that pass every facet but `except`, and the fixed one.
  function filter(base, except) {
    var s = base.slice();
    idx.facets.forEach(function (f) {
      var sel = state.f[f.id];
      if (f.id === except || (!sel.size && f.id !== ds.fixedFacet)) return;
      var u = bits(idx.m.docs);
      f.values.forEach(function (v) {
        if (sel.has(v.id) || (f.id === ds.fixedFacet && v.id === ds.fixedValue)) or(u, v.bits);
      });
      and(s, u);
    });
    return s;
  }

  // search answers the current state; the results are aria-busy until it has.
  function search() {
    var mine = ++run;
    terms = idx.queryTerms(state.q);
    var last = (fold(state.q).match(WORD) || []).pop();
    if (last && CJK.test(last)) last = ''; // pairs are whole terms: nothing to prefetch
    CJK.lastIndex = 0;
    if (last && /[\p{L}\p{N}]$/u.test(state.q) && Array.from(last).length === 1) idx.prefetch(last);
    results.setAttribute('aria-busy', 'true');
    return Promise.all(terms.map(function (t) { return idx.term(t); })).then(function (found) {
      if (mine !== run) return;
      lastFound = found;
      var n = idx.m.docs, text = all(n);
      found.forEach(function (f) { and(text, f.any); });
      var match = filter(text, null);
      // Counts: each facet's values against every other filter (values of one facet add up).
      idx.facets.forEach(function (f) {
        if (!f.values.length || !f.values[0].count) return;
        var base = filter(text, f.id);
        // The DOM is written only where a count changed: a keystroke that leaves the
        // counts alone costs no style or layout work.
        f.values.forEach(function (v) {
          var c = count(and(base.slice(), v.bits)), hide = c === 0 && !state.f[f.id].has(v.id);
          if (v.shown !== c) v.count.textContent = fmt(v.shown = c);
          if (v.li.hidden !== hide) v.li.hidden = hide;
        });
        // A province heading goes with its last shown city.
        f.values.forEach(function (v) {
          var sec = v.li.parentNode.parentNode, hide = !sec.querySelector('li:not([hidden])');
          if (sec.hidden !== hide) sec.hidden = hide;
        });
      });
      hits = [];
      for (var w = 0; w < match.length; w++) {
        for (var x = match[w]; x; x &= x - 1) hits.push(w * 32 + 31 - Math.clz32(x & -x));
      }
      if (found.length) hits = rank(hits, found, n);
      render();
      results.removeAttribute('aria-busy');
    });
  }

  function render() {
    var on = active();
    if (staticList.hidden !== on) staticList.hidden = on;
    if (results.hidden === on) results.hidden = !on;
    if (!on) return;
    heading.textContent = countText(hits.length);
    none.hidden = hits.length > 0;
    didYouMean.hidden = true;
    if (!hits.length && terms.length) suggest(run, terms, lastFound);
    list.querySelectorAll('.summary').forEach(function (p) { lazy.unobserve(p); });
    list.textContent = '';
    shown = 0;
    showMore(false);
    clearTimeout(announceTimer);
    announceTimer = setTimeout(function () { status.textContent = heading.textContent; }, 600);
  }

  // Ranking is BM25F (Robertson and Zaragoza's field-weighted BM25) over what the index
  // records: whether a company has the word in each field (name 4, summary 2.5, facts 1.5,
  // profile text 1), whole (1) or as the start of a longer word (0.6), and how many
  // companies have it (rarer words weigh more: idf). The index keeps no word counts or text
  // lengths, so every term frequency is 0 or 1 and no length is normalized (b = 0).
  // Companies that match more query words by the words themselves rank first: a near miss
  // (a typo) counts only among companies that match as many. Ties keep the directory's
  // order (by name): the sort is stable.
  var FIELD_WEIGHTS = [4, 2.5, 1.5, 1], K1 = 1.2, PREFIX_ONLY = 0.6;
  function rank(hits, found, n) {
    var idf = found.map(function (f) {
      var df = count(f.any) - count(f.near);
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    });
    var score = new Float64Array(hits.length);
    hits.forEach(function (i, k) {
      var direct = 0, bm = 0, near = 0;
      found.forEach(function (f, t) {
        var isNear = has(f.near, i), fields = isNear ? f.nearFields : f.fields, tf = 0;
        for (var x = 0; x < 4; x++) if (has(fields[x], i)) tf += FIELD_WEIGHTS[x];
        if (!isNear && !has(f.exact, i)) tf *= PREFIX_ONLY;
        var s = idf[t] * tf * (K1 + 1) / (tf + K1);
        if (isNear) near += s;
        else { direct++; bm += s; }
      });
      score[k] = direct * 1e4 + bm + near / 100;
    });
    var order = hits.map(function (_, k) { return k; });
    order.sort(function (a, b) { return score[b] - score[a] || a - b; });
    return order.map(function (k) { return hits[k]; });
  }

  // suggest offers, when nothing matches, the query with each word that matches nothing
  // (not even by a near miss) replaced by the index's nearest word.
  function suggest(mine, words, found) {
    Promise.all(words.map(function (t, k) {
      return found[k] && count(found[k].any) ? t : idx.nearest(t).then(function (w) { return w || t; });
    })).then(function (fixed) {
      var q = fixed.join(' ');
      if (mine !== run || q === words.join(' ')) return;
      // The link is made here: an anchor without an address in the page is no link to a
      // crawler (Lighthouse's crawlable-anchors).
      var p = new URLSearchParams(location.search), a = didYouMean.querySelector('a');
      if (!a) {
        didYouMean.append(' ');
        a = didYouMean.appendChild(document.createElement('a'));
      }
      p.set('q', q);
      a.href = '?' + p.toString();
      a.textContent = q;
      didYouMean.hidden = false;
    });
  }

  function card(i) {
    var li = template.content.firstElementChild.cloneNode(true);
    var a = li.querySelector('a');
    a.href = idx.profile(i);
    a.textContent = ''; // the template's placeholder text
    highlight(a, idx.names[i], terms);
    var city = idx.valuesOf('city', i)[0], band = idx.valuesOf('employees', i)[0];
    li.querySelector('.meta').textContent = (city ? city.label : '') + (band ? ' · ' + format(ds.employees, band.label) : '');
    var tags = li.querySelector('.tags');
    idx.valuesOf('service', i).forEach(function (v) {
      var t = document.createElement('li');
      t.textContent = v.label;
      tags.append(t);
    });
    var btn = li.querySelector('[data-shortlist]');
    if (btn) {
      btn.dataset.shortlist = idx.slugs[i];
      btn.dataset.name = idx.names[i];
    }
    var p = li.querySelector('.summary');
    p.dataset.doc = i;
    p.dataset.run = run;
    lazy.observe(p);
    return li;
  }

  // Summaries and snippets are fetched for the cards that come into view only: a page of
  // hits far apart would otherwise fetch a chunk per card.
  // They wait for a pause in typing, so the fetches of results already replaced neither
  // cost bytes nor hold up the next keystroke's shard.
  var lazy = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (!e.isIntersecting) return;
      var p = e.target;
      lazy.unobserve(p);
      setTimeout(function () {
        var q = terms;
        if (+p.dataset.run !== run) return;
        idx.doc(+p.dataset.doc).then(function (d) {
          if (+p.dataset.run === run) highlight(p, snippet(d, q), q);
        });
      }, 150);
    });
  }, { rootMargin: '200px' });

  function showMore(focus) {
    var from = shown;
    shown = Math.min(hits.length, shown + pageSize);
    for (var k = from; k < shown; k++) {
      list.append(card(hits[k]));
    }
    more.hidden = shown >= hits.length;
    if (window.sitegenShortlist) window.sitegenShortlist.sync(list);
    if (focus && list.children[from]) list.children[from].querySelector('a').focus();
  }

  // The filters are a disclosure, closed on phones; on a wide screen they are a column.
  var details = root.querySelector('.filters');
  if (details && matchMedia('(min-width: 60rem)').matches) details.open = true;
  searchForm.hidden = false;
  searchForm.addEventListener('submit', function (e) {
    e.preventDefault();
    writeURL(true);
  });
  // start loads the index and turns the static filter links into the live form. A page
  // opened with a search in its address starts at once; any other waits for a focus, a
  // touch or a pointer over the directory, so a visitor who only browses the listing never
  // pays for the index (its download, and the work on a phone's main thread).
  var started = false;
  function start() {
    if (started) return;
    started = true;
    idx = window.sitegenIndex(ds.index);
    idx.ready.then(upgrade).catch(function (err) {
      // Without the index the page stays as it is: the static listing and its links.
      searchForm.hidden = true;
      console.warn('sitegen: search unavailable:', err.message);
    });
  }
  ['focusin', 'pointerdown', 'pointerover'].forEach(function (type) {
    root.addEventListener(type, start, { once: true, passive: true });
  });
  if (location.search) start();

  function upgrade() {
    buildForm();
    readURL();
    var typed = input.value.trim() && !state.q;
    if (typed) state.q = input.value; // typed while the index loaded
    syncForm();
    if (typed) writeURL(false);
    links.hidden = true;
    facetForm.hidden = false;
    input.addEventListener('input', function () {
      state.q = input.value;
      writeURL(false);
      search();
    });
    facetForm.addEventListener('change', function (e) {
      var cb = e.target;
      if (cb.type !== 'checkbox') return;
      state.f[cb.name][cb.checked ? 'add' : 'delete'](cb.value);
      writeURL(true);
      search();
    });
    facetForm.querySelector('.clear').addEventListener('click', function () {
      state.q = '';
      idx.facets.forEach(function (f) { state.f[f.id].clear(); });
      syncForm();
      writeURL(true);
      search();
      input.focus();
    });
    more.addEventListener('click', function () { showMore(true); });
    window.addEventListener('popstate', function () {
      readURL();
      syncForm();
      search();
    });
    search();
  }
})();
