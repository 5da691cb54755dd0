// Search and filters for the company directory, and the loader of the search index that
// the shortlist's comparison uses too. The listing is plain HTML with links; this script
// only enhances it: a search box, filters with counts, and results, with the state in the
// URL. The index is written by sitegen (generator/search): a manifest, a facet table
// fetched once, and text shards and document chunks fetched only when a query needs them.
(function () {
  'use strict';

  // Terms are made as the index builder makes them (analysis.Normalize and analysis.Terms, generator/search/analysis).
  // Arabic and Urdu spellings of one letter are one (analysis.foldArabicScript): ي ى → ی,
  // ك → ک, ه ة ە → ہ, and Arabic-Indic and Urdu digits are ASCII.
  var SCRIPT_FOLD = { 'ي': 'ی', 'ى': 'ی', 'ك': 'ک', 'ه': 'ہ', 'ة': 'ہ', 'ە': 'ہ' };
  function fold(s) {
    return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
      .replace(/[يىكهةە]/g, function (c) { return SCRIPT_FOLD[c]; })
      .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x660); })
      .replace(/[\u06F0-\u06F9]/g, function (d) { return String(d.charCodeAt(0) - 0x6F0); });
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

  // Arabic light stemming, the twin of analysis.ArabicForms: the article or a one-letter
  // particle taken off the front (3 letters left, 4 after a particle), then the common
  // suffixes off the end (3 letters left).
  // In folded letters; Urdu's plural and oblique endings come off first (the ی of یاں and
  // یوں stays).
  var ARTICLES = ['وال', 'بال', 'فال', 'لل', 'ال'], PARTICLES = ['و', 'ب', 'ل', 'ف'];
  var SUFFIXES = ['ہا', 'ان', 'ات', 'ون', 'ین', 'یہ', 'ہ', 'ی'];
  var URDU_ENDINGS = [['یوں', 'ی'], ['یاں', 'ی'], ['وں', ''], ['یں', '']];
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
    for (var i = 0; i < URDU_ENDINGS.length; i++) {
      var e = URDU_ENDINGS[i];
      if (w.endsWith(e[0]) && len(w) - len(e[0]) >= 3) { w = w.slice(0, w.length - e[0].length) + e[1]; break; }
    }
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
  // bitmap, or "" for the empty set; and "t" + one of those, the positions of the set's
  // documents among base (search.universe: the companies whose text is the language's).
  function decodeSet(s, n, base) {
    var out = bits(n);
    if (!s) return out;
    if (s[0] === 't') {
      var rel = decodeSet(s.slice(1), base.length);
      for (var w = 0; w < rel.length; w++) {
        for (var x = rel[w]; x; x &= x - 1) {
          var id = base[w * 32 + 31 - Math.clz32(x & -x)];
          out[id >>> 5] |= 1 << (id & 31);
        }
      }
      return out;
    }
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

  // Keys compare by code point, as the builder sorts them; lastAtMost is the position of
  // the greatest key not above key, or -1.
  function cmp(a, b) {
    for (var i = 0; i < a.length && i < b.length; i++) {
      var x = a.codePointAt(i), y = b.codePointAt(i);
      if (x !== y) return x < y ? -1 : 1;
      if (x > 0xffff) i++;
    }
    return a.length - b.length;
  }
  function lastAtMost(keys, key) {
    var lo = 0, hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (cmp(keys[mid], key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  // bucketOf is the bucket of a slug among buckets (a power of two): the low bits of the
  // 32-bit FNV-1a hash of its UTF-8 bytes folded with its high bits, as
  // generator/search.BucketOf computes it.
  function bucketOf(slug, buckets) {
    var h = 0x811c9dc5, b = new TextEncoder().encode(slug);
    for (var i = 0; i < b.length; i++) {
      h ^= b[i];
      h = Math.imul(h, 0x01000193);
    }
    return (h ^ (h >>> 16)) & (buckets - 1);
  }

  // The index (see generator/search): a small manifest with the facets' values; the term
  // shards and prefix summaries and the slugs behind trees of nodes (a lookup fetches a
  // node a level and one file); cards in chunks by company number and texts in buckets by
  // slug, named after their group; each facet value's companies in a file of its own.
  function Index(url) {
    this.url = new URL(url, location.href);
    this.files = {};
    this.terms = new Map();
    this.found = new Map();
    var self = this;
    this.ready = this.get('').then(function (m) {
      self.m = m;
      self.stop = new Set(m.stopWords);
      self.facets = m.facets;
      self.values = []; // by number (see the cards)
      m.facets.forEach(function (f) {
        f.values.forEach(function (v) {
          v.facet = f.id;
          v.num = self.values.length;
          self.values.push(v);
          // A small site's sets are in the manifest.
          if (v.set !== undefined) {
            v.bits = decodeSet(v.set, m.docs);
            v.loading = Promise.resolve();
          }
        });
        if (f.values.every(function (v) { return v.bits; })) {
          f.loaded = true;
          f.loading = Promise.resolve();
        }
      });
      self.loadBase();
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

  // leaf descends a table's tree from root to the leaf whose range holds key.
  Index.prototype.leaf = function (root, key) {
    var self = this;
    function down(n) {
      return n.d ? self.get('node.' + n.h[Math.max(0, lastAtMost(n.k, key))] + '.json').then(down) : n;
    }
    return Promise.resolve(down(root));
  };

  // queryTerms splits a query as the builder splits text.
  Index.prototype.queryTerms = function (q) {
    var m = this.m, stop = this.stop;
    return words(q).filter(function (w, i, a) {
      return Array.from(w).length >= m.minTerm && !stop.has(w) && a.indexOf(w) === i;
    });
  };

  // loadBase fetches the companies whose text is the index's language (search.universe),
  // which every lookup may need: it starts with the manifest.
  Index.prototype.loadBase = function () {
    var n = this.m.docs;
    if (!this.base) {
      this.base = !this.m.base ? Promise.resolve([]) : this.get('base.' + this.m.base + '.json').then(function (enc) {
        var set = decodeSet(enc, n), ids = [];
        for (var w = 0; w < set.length; w++) {
          for (var x = set[w]; x; x &= x - 1) ids.push(w * 32 + 31 - Math.clz32(x & -x));
        }
        return ids;
      });
    }
    return this.base;
  };

  // lookup finds, per field, the documents with a word that starts with p (fields) and
  // with p itself (exact): from p's summary when its words span several shards, else from
  // the shard of its listed prefix, the greatest key of the leaf not above p.
  Index.prototype.lookup = function (p) {
    if (this.found.has(p)) return this.found.get(p);
    var self = this, n = this.m.docs, base;
    var fields = [bits(n), bits(n), bits(n), bits(n)], exact = [bits(n), bits(n), bits(n), bits(n)];
    var out = { fields: fields, exact: exact };
    function decode(enc) { return decodeSet(enc, n, base); }
    var pr = Promise.all([this.leaf(this.m.terms, p), this.loadBase()]).then(function (r) {
      var leaf = r[0];
      base = r[1];
      var i = (leaf.pk || []).indexOf(p);
      if (i >= 0) {
        // A summary tells name and summary apart, and counts the rest as text.
        return self.get('prefix.' + leaf.ph[i] + '.json').then(function (s) {
          [0, 1, 3].forEach(function (f, k) { if (s.p[k]) or(fields[f], decode(s.p[k])); });
          for (var f = 0; f < 4; f++) if (s.e[f]) or(exact[f], decode(s.e[f]));
          return out;
        });
      }
      var j = lastAtMost(leaf.k, p);
      if (j < 0 || !p.startsWith(leaf.k[j])) return out;
      return self.get('terms.' + leaf.h[j] + '.json').then(function (s) {
        s.t.forEach(function (term, i) {
          if (!term.startsWith(p)) return;
          s.p[i].forEach(function (enc, f) {
            if (!enc) return;
            var set = decode(enc);
            or(fields[f], set);
            if (term === p) or(exact[f], set);
          });
        });
        return out;
      });
    });
    this.found.set(p, pr);
    return pr;
  };

  // term finds the documents with a word that starts with t (with one of its searchForms):
  // one set per field (name, summary, facts, body), one for any field, and one for exact
  // matches. Near misses are looked up apart (nearOf), when these find too few.
  Index.prototype.term = function (t) {
    if (this.terms.has(t)) return this.terms.get(t);
    var n = this.m.docs, forms = searchForms(t), words = forms.slice();
    // t itself is an exact match too when it is longer than the form it starts with.
    if (words.indexOf(t) < 0 && forms.some(function (f) { return t.startsWith(f); })) words.push(t);
    var pr = Promise.all(words.map(this.lookup, this)).then(function (rs) {
      var fields = [bits(n), bits(n), bits(n), bits(n)], exact = bits(n), any = bits(n);
      rs.forEach(function (r, k) {
        for (var f = 0; f < 4; f++) {
          if (k < forms.length) {
            or(fields[f], r.fields[f]);
            or(any, r.fields[f]);
          }
          or(exact, r.exact[f]);
        }
      });
      return { fields: fields, exact: exact, any: any, near: bits(n), nearFields: [bits(n), bits(n), bits(n), bits(n)] };
    });
    this.terms.set(t, pr);
    return pr;
  };

  // withNear adds to a term's documents (term) those with a near miss of it (nearMisses)
  // and no word that starts with it: near, and per field nearFields.
  Index.prototype.withNear = function (t) {
    var key = '~' + t;
    if (this.terms.has(key)) return this.terms.get(key);
    var self = this, n = this.m.docs;
    var pr = Promise.all([this.term(t), this.nearMisses(t, searchForms(t))]).then(function (r) {
      var found = r[0], nearFields = [bits(n), bits(n), bits(n), bits(n)], near = bits(n), near1 = bits(n);
      r[1].forEach(function (hit) {
        for (var f = 0; f < 4; f++) {
          or(nearFields[f], hit.found.exact[f]);
          or(near, hit.found.exact[f]);
          if (hit.d <= 1) or(near1, hit.found.exact[f]);
        }
      });
      for (var w = 0; w < near.length; w++) near[w] &= ~found.any[w];
      return { fields: found.fields, exact: found.exact, any: or(found.any.slice(), near), near: near, near1: near1, nearFields: nearFields };
    });
    this.terms.set(key, pr);
    return pr;
  };

  // vocabOf fetches the index's words with t's first letter (its vocab file), for t of
  // at least min letters outside Chinese and Japanese; no words otherwise.
  Index.prototype.vocabOf = function (t, min) {
    var hash = this.m.vocab && this.m.vocab[Array.from(t)[0]];
    if (!hash || len(t) < min || CJK_START.test(t)) return Promise.resolve([]);
    return this.get('vocab.' + hash + '.json');
  };

  // distance is the fewest letters to insert, delete or change in a, or pairs of
  // neighbours to swap, to make it b (with prefix: b's best prefix); at most max + 1.
  // A swap is one edit, as a typist makes it (Damerau's optimal string alignment).
  function distance(a, b, max, prefix) {
    a = Array.from(a);
    b = Array.from(b);
    var prev2 = [], prev = [], cur, i, j, lowPrev = 0;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        cur.push(d);
        low = Math.min(low, d);
      }
      // A swap reaches back two rows: both must be past max.
      if (low > max && lowPrev > max) return max + 1;
      prev2 = prev;
      prev = cur;
      lowPrev = low;
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
  // nearest, each with its distance (d) and documents (found, see lookup). A word that
  // starts with a form of t is no near miss.
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
      return Promise.all(near.slice(0, 8).map(function (x) {
        return self.lookup(x.word).then(function (found) { return { d: x.d, found: found }; });
      }));
    });
  };

  // chunk fetches company i's entry in a chunked table.
  Index.prototype.chunk = function (name, table, i) {
    var k = Math.floor(i / table.size);
    return this.get(name + k + '.' + table.h[Math.floor(k / table.group)] + '.json').then(function (c) {
      return c[i % table.size];
    });
  };

  // card fetches company i's card: number, slug, name and facet values.
  Index.prototype.card = function (i) {
    var values = this.values;
    return this.chunk('cards', this.m.cards, i).then(function (c) {
      return { id: i, slug: c[0], name: c[1], values: c[2].map(function (num) { return values[num]; }) };
    });
  };

  // doc fetches the texts of the company with a slug: summary, excerpt, founded, contact.
  Index.prototype.doc = function (slug) {
    var t = this.m.texts, k = bucketOf(slug, t.buckets);
    return this.get('texts' + k + '.' + t.h[Math.floor(k / t.group)] + '.json').then(function (bucket) {
      for (var j = 0; j < bucket.length; j++) {
        if (bucket[j][0] === slug) return bucket[j][1];
      }
      return { s: '' };
    });
  };

  // idOf finds the number of the company with a slug (undefined if none has it).
  Index.prototype.idOf = function (slug) {
    var self = this;
    return this.leaf(this.m.slugs, slug).then(function (leaf) {
      var j = lastAtMost(leaf.k, slug);
      return j < 0 ? undefined : self.get('slugs.' + leaf.h[j] + '.json').then(function (f) {
        var k = f.s.indexOf(slug);
        return k < 0 ? undefined : f.i[k];
      });
    });
  };

  // setOf fetches the companies that have a facet value, into v.bits.
  Index.prototype.setOf = function (v) {
    var n = this.m.docs;
    if (!v.loading) {
      v.loading = this.chunk('set', this.m.sets, v.num).then(function (enc) { v.bits = decodeSet(enc, n); });
    }
    return v.loading;
  };

  // loadFacet fetches the sets of all a facet's values (for its counts).
  Index.prototype.loadFacet = function (f) {
    if (!f.loading) {
      f.loading = Promise.all(f.values.map(this.setOf, this)).then(function () { f.loaded = true; });
    }
    return f.loading;
  };

  // founded fetches the companies' founding years by number (0: not given), for sorting.
  Index.prototype.founded = function () {
    if (!this.years) this.years = this.m.founded ? this.get('founded.' + this.m.founded + '.json') : Promise.resolve([]);
    return this.years;
  };

  Index.prototype.profile = function (card) {
    return this.m.profiles + card.slug + '/';
  };

  // valuesOf lists a card's values of a facet.
  Index.prototype.valuesOf = function (facet, card) {
    return card.values.filter(function (v) { return v.facet === facet; });
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
  var intro = results.querySelector('.intro-offer');
  var sortBox = results.querySelector('.sort select'), chips = root.querySelector('.active-filters');
  var filterCount = root.querySelector('.filter-count'), showButton = root.querySelector('.show-results');
  var didYouMean = results.querySelector('.did-you-mean'), lastFound = [];
  var status = root.querySelector('.search-status'), template = root.querySelector('.card-template');
  var plural, number; // made on first use: setting up the locale data costs a phone tens of ms
  // Results come 12 at a time at most (the sample site's page size), whatever the
  // listing's: each card fetches its chunk, so a long first page costs a slow
  // connection what the visitor may never scroll to. "Show more" adds as many.
  var pageSize = Math.min(+ds.pageSize || 12, 12), shown = 0, hits = [], terms = [], run = 0, announceTimer;
  var state = { q: '', f: {}, sort: '' };
  var SORTS = ['name', 'size', 'oldest', 'newest'];

  function fmt(n) {
    // The page's numbering system where the site sets one (Urdu's ۱۲۳: ur-u-nu-arabext).
    number = number || new Intl.NumberFormat(document.documentElement.dataset.numberLocale || lang);
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
    state.sort = SORTS.indexOf(p.get('sort')) >= 0 ? p.get('sort') : '';
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
    if (state.sort) p.set('sort', state.sort);
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
        c.textContent = fmt(v.shown = v.n);
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
    if (sortBox) sortBox.value = state.sort;
    idx.facets.forEach(function (f) {
      f.values.forEach(function (v) {
        if (v.cb) v.cb.checked = state.f[f.id].has(v.id);
      });
    });
  }

  // chosen lists the values a search filters on: the ticked ones and the fixed one.
  function chosen() {
    var out = [];
    idx.facets.forEach(function (f) {
      f.values.forEach(function (v) {
        if (state.f[f.id].has(v.id) || (f.id === ds.fixedFacet && v.id === ds.fixedValue)) out.push(v);
      });
    });
    return out;
  }

  // filter is the set of companies that pass every facet but `except`, and the fixed one
  // (the sets of chosen values are loaded).
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

  // Near misses of the query's words are looked up when the words themselves find fewer
  // companies than a page (as Typesense's typo_tokens_threshold): a typo costs the vocab
  // file and the near words' shards, and a query that finds enough does not pay.
  var lastText = null;

  // search answers the current state; the results are aria-busy until it has. While the
  // visitor types (typing), the cards wait for a pause (see render).
  function search(typing) {
    var mine = ++run;
    terms = idx.queryTerms(state.q);
    var last = (fold(state.q).match(WORD) || []).pop();
    // A first letter fetches the tree's nodes down to its words: the next keystroke needs
    // one file.
    if (last && len(last) === 1 && !CJK_START.test(last) && /[\p{L}\p{N}]$/u.test(state.q)) idx.leaf(idx.m.terms, last);
    results.setAttribute('aria-busy', 'true');
    var n = idx.m.docs;
    function textOf(found) {
      var text = all(n);
      found.forEach(function (f) { and(text, f.any); });
      return text;
    }
    return Promise.all([Promise.all(terms.map(function (t) { return idx.term(t); })),
      Promise.all(chosen().map(idx.setOf, idx))]).then(function (r) {
      var found = r[0];
      if (mine !== run) return;
      var few = found.length && count(filter(textOf(found), null)) < pageSize;
      if (!few) return found;
      return Promise.all(terms.map(function (t) { return len(t) >= 4 ? idx.withNear(t) : idx.term(t); }));
    }).then(function (found) {
      if (mine !== run) return;
      lastFound = found;
      var text = lastText = textOf(found);
      var match = filter(text, null);
      counts(text);
      hits = [];
      for (var w = 0; w < match.length; w++) {
        for (var x = match[w]; x; x &= x - 1) hits.push(w * 32 + 31 - Math.clz32(x & -x));
      }
      if (found.length) hits = rank(hits, found, n);
      return order(hits).then(function (sorted) {
        if (mine !== run) return;
        hits = sorted;
        render(mine, typing);
      });
    }).then(function () {
      if (mine === run) results.removeAttribute('aria-busy');
    });
  }

  // order puts the hits in the order the visitor chose: by relevance (as ranked; by name
  // when no words are typed), by name (company numbers are in name order), by size (the
  // employees facet's sets, the largest band first) or by founding year (the years file).
  // Companies that do not give a size or a year come last; ties keep the ranking's order.
  function order(h) {
    var by = state.sort, key;
    if (by === 'name') return Promise.resolve(h.slice().sort(function (a, b) { return a - b; }));
    if (by === 'size') {
      var f = idx.facets.find(function (x) { return x.id === 'employees'; });
      if (!f || !f.values.length) return Promise.resolve(h);
      return idx.loadFacet(f).then(function () {
        key = new Map();
        h.forEach(function (i) {
          f.values.forEach(function (v, k) { if (has(v.bits, i)) key.set(i, k); });
        });
        return stableBy(h, function (i) { return key.has(i) ? -key.get(i) : Infinity; });
      });
    }
    if (by === 'oldest' || by === 'newest') {
      return idx.founded().then(function (years) {
        return stableBy(h, function (i) {
          var y = years[i];
          return !y ? Infinity : by === 'oldest' ? y : -y;
        });
      });
    }
    return Promise.resolve(h);
  }

  function stableBy(h, keyOf) {
    var keys = h.map(keyOf);
    var pos = h.map(function (_, k) { return k; });
    pos.sort(function (a, b) { return keys[a] - keys[b] || a - b; });
    return pos.map(function (k) { return h[k]; });
  }

  // chosenChips shows the ticked values (not the listing's own) as buttons that remove
  // them, and their number on the Filters control; a shared link with filters says so.
  function chosenChips() {
    if (!chips) return;
    var list = chips.querySelector('ul'), n = 0;
    list.textContent = '';
    idx.facets.forEach(function (f) {
      f.values.forEach(function (v) {
        if (!state.f[f.id].has(v.id)) return;
        n++;
        var li = document.createElement('li'), b = document.createElement('button'), x = document.createElement('span');
        b.type = 'button';
        b.className = 'chip';
        b.setAttribute('aria-label', format(ds.removeFilter, v.label));
        x.setAttribute('aria-hidden', 'true');
        x.textContent = '×';
        b.append(v.label + ' ', x);
        b.addEventListener('click', function () {
          var at = Array.prototype.indexOf.call(list.children, li);
          state.f[f.id].delete(v.id);
          syncForm();
          writeURL(true);
          search().then(function () {
            var next = list.children[Math.min(at, list.children.length - 1)];
            (next ? next.querySelector('button') : input).focus();
          });
        });
        li.append(b);
        list.append(li);
      });
    });
    chips.hidden = n === 0;
    filterCount.textContent = n ? '(' + fmt(n) + ')' : '';
    filterCount.hidden = n === 0;
  }

  // counts shows each facet value's count against every other filter (values of one
  // facet add up), for the facets whose sets are loaded: those the visitor reached for
  // (engage). The others show the listing's own counts while nothing is chosen, and none
  // otherwise.
  function counts(text) {
    var plain = !terms.length && !chosen().length;
    idx.facets.forEach(function (f) {
      if (!f.values.length || !f.values[0].count) return;
      var base = f.loaded && filter(text, f.id);
      // The DOM is written only where a count changed: a keystroke that leaves the
      // counts alone costs no style or layout work.
      f.values.forEach(function (v) {
        var c = base ? count(and(base.slice(), v.bits)) : plain ? v.n : null;
        var hide = c === 0 && !state.f[f.id].has(v.id);
        if (v.shown !== c) v.count.textContent = c === null ? '' : fmt(c);
        v.shown = c;
        if (v.li.hidden !== hide) v.li.hidden = hide;
      });
      // A province heading goes with its last shown city.
      f.values.forEach(function (v) {
        var sec = v.li.parentNode.parentNode, hide = !sec.querySelector('li:not([hidden])');
        if (sec.hidden !== hide) sec.hidden = hide;
      });
    });
  }

  // engage loads the sets of the facet whose filters the visitor reaches for, and then
  // shows its counts.
  function engage(e) {
    var fs = e.target.closest && e.target.closest('[data-facet]');
    var f = fs && idx.facets.find(function (x) { return x.id === fs.dataset.facet; });
    if (f && !f.loading) {
      idx.loadFacet(f).then(function () {
        if (lastText) counts(lastText);
      });
    }
  }

  // PAUSE is how long typing stops before the cards of the results are fetched: each
  // keystroke shows the number of matches and the filters' counts at once, but the cards
  // of a prefix typed on the way cost their chunks and are replaced a moment later.
  var PAUSE = 150, cardsTimer;

  // render shows the results of run mine: their number at once, their cards when fetched
  // (after a pause when typing); the list is aria-busy until then.
  function render(mine, typing) {
    chosenChips();
    var on = active();
    if (staticList.hidden !== on) staticList.hidden = on;
    if (results.hidden === on) results.hidden = !on;
    clearTimeout(cardsTimer);
    if (!on) return;
    heading.textContent = countText(hits.length);
    if (showButton) showButton.textContent = format(showButton.dataset.label, fmt(hits.length));
    none.hidden = hits.length > 0;
    if (intro) {
      // Nothing found: PSEB introduces the buyer to companies that fit, by e-mail, with
      // what was looked for in the subject.
      intro.hidden = hits.length > 0;
      if (!hits.length) {
        var mail = intro.querySelector('a');
        mail.href = mail.href.split('?')[0] + '?subject=' + encodeURIComponent(format(mail.dataset.subject, input.value.trim()));
      }
    }
    didYouMean.hidden = true;
    if (!hits.length && terms.length) suggest(run, terms, lastFound);
    list.setAttribute('aria-busy', 'true');
    cardsTimer = setTimeout(function () {
      showMore(false, mine).then(function (ok) {
        if (ok) list.removeAttribute('aria-busy');
      });
    }, typing ? PAUSE : 0);
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
  // A near miss two edits away counts less than one a single edit away (Faisalabad before
  // Faizabad for "faisaabad").
  var FIELD_WEIGHTS = [4, 2.5, 1.5, 1], K1 = 1.2, PREFIX_ONLY = 0.6, TWO_EDITS = 0.3;
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
        if (isNear) near += has(f.near1, i) ? s : s * TWO_EDITS;
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

  function card(c) {
    var li = template.content.firstElementChild.cloneNode(true);
    var a = li.querySelector('a');
    a.href = idx.profile(c);
    a.textContent = ''; // the template's placeholder text
    highlight(a, c.name, terms);
    var city = idx.valuesOf('city', c)[0], band = idx.valuesOf('employees', c)[0];
    // The band's digits as the page writes numbers (Arabic-Indic on an Arabic page).
    var bandText = band && band.label.replace(/[0-9]/g, function (d) { return fmt(+d); });
    li.querySelector('.meta').textContent = (city ? city.label : '') + (band ? ' · ' + format(ds.employees, bandText) : '');
    var tags = li.querySelector('.tags');
    idx.valuesOf('service', c).forEach(function (v) {
      var t = document.createElement('li');
      t.textContent = v.label;
      tags.append(t);
    });
    // What buyers filter by shows on the card as on the server's (certifications, export
    // markets), so a card found by "ISO 27001" says ISO 27001.
    var labels = function (facet) { return idx.valuesOf(facet, c).map(function (v) { return v.label; }).join(ds.sep || ', '); };
    var certs = li.querySelector('.certs'), certText = labels('certification');
    if (certs && certText) {
      certs.textContent = certText;
      certs.hidden = false;
    }
    var markets = li.querySelector('.markets'), marketText = labels('market');
    if (markets && marketText) {
      markets.textContent = format(ds.exports, marketText);
      markets.hidden = false;
    }
    var btn = li.querySelector('[data-shortlist]');
    if (btn) {
      btn.dataset.shortlist = c.slug;
      btn.dataset.name = c.name;
    }
    var p = li.querySelector('.summary');
    p.dataset.doc = c.slug;
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
        idx.doc(p.dataset.doc).then(function (d) {
          if (+p.dataset.run !== run) return;
          highlight(p, snippet(d, q), q);
          // The founding year comes with the texts: the card's meta line gets it as the
          // server's card has it.
          var meta = p.closest('li').querySelector('.meta');
          if (d.y && ds.founded && meta && !meta.dataset.founded) {
            meta.dataset.founded = d.y;
            meta.append(' · ' + format(ds.founded, String(d.y).replace(/[0-9]/g, function (x) { return fmt(+x); })));
          }
        });
      }, 150);
    });
  }, { rootMargin: '200px' });

  // showMore shows the next page of hits (the first, for a new search: mine is its run)
  // once their cards are fetched; it resolves to whether they were shown.
  function showMore(focus, mine) {
    var from = mine ? 0 : shown, at = run;
    return Promise.all(hits.slice(from, from + pageSize).map(function (i) { return idx.card(i); })).then(function (cards) {
      if (at !== run) return false;
      if (mine) {
        list.querySelectorAll('.summary').forEach(function (p) { lazy.unobserve(p); });
        list.textContent = '';
      }
      cards.forEach(function (c) { list.append(card(c)); });
      shown = from + cards.length;
      more.hidden = shown >= hits.length;
      if (window.sitegenShortlist) window.sitegenShortlist.sync(list);
      if (focus && list.children[from]) list.children[from].querySelector('a').focus();
      return true;
    });
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
      search(true);
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
    more.addEventListener('click', function () { showMore(true, 0); });
    if (sortBox) {
      sortBox.addEventListener('change', function () {
        state.sort = sortBox.value;
        writeURL(false);
        search();
      });
    }
    // On a phone the filters are a sheet over the page: "Show results (N)" closes it and
    // takes the visitor to the first result.
    if (showButton) {
      showButton.addEventListener('click', function () {
        details.open = false;
        var target = active() ? heading : staticList.querySelector('h2');
        target.tabIndex = -1;
        target.focus();
      });
    }
    ['pointerover', 'pointerdown', 'focusin'].forEach(function (type) {
      facetForm.addEventListener(type, engage, { passive: true });
    });
    window.addEventListener('popstate', function () {
      readURL();
      syncForm();
      search();
    });
    search();
  }
})();
