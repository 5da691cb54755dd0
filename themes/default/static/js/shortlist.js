// The shortlist: "Add to shortlist" buttons on company cards and profiles, the count in the
// header, and on /shortlist/ a side-by-side comparison of up to six companies with a CSV
// download and one e-mail to all of them (in Bcc: the companies compete). The list lives in localStorage (in memory when
// storage is blocked). The theme renders every string into this script's data attributes.
(function () {
  'use strict';
  var KEY = 'sitegen-shortlist', MAX = 6;
  var S = document.currentScript.dataset;
  var memory = [];
  var live = document.getElementById('announcer');
  var format = function (s) {
    var args = Array.prototype.slice.call(arguments, 1);
    return s.replace(/%[sd]/g, function () { return args.shift(); });
  };

  function read() {
    try {
      var v = JSON.parse(localStorage.getItem(KEY) || '[]');
      if (Array.isArray(v)) return v.filter(function (x) { return typeof x === 'string'; }).slice(0, MAX);
    } catch (e) { /* storage blocked or corrupt: fall back to memory */ }
    return memory.slice();
  }

  function write(list) {
    memory = list.slice();
    try {
      localStorage.setItem(KEY, JSON.stringify(list));
    } catch (e) { /* kept in memory for this page */ }
    sync(document);
    return compare ? renderCompare() : Promise.resolve();
  }

  function announce(msg) {
    if (!live) return;
    // Cleared first so that the same message twice is announced twice.
    live.textContent = '';
    setTimeout(function () { live.textContent = msg; }, 50);
  }

  // sync shows the buttons under root (those the directory adds too) and the header count.
  function sync(root) {
    // Only what differs from the page as served is written: on a page load with an empty
    // shortlist nothing is, so the browser has nothing to restyle.
    var list = read();
    root.querySelectorAll('button[data-shortlist]').forEach(function (b) {
      var on = list.indexOf(b.dataset.shortlist) >= 0, text = on ? S.remove : S.add, label = text + ': ' + b.dataset.name;
      if (b.hidden) b.hidden = false;
      if (b.textContent !== text) b.textContent = text;
      if (b.getAttribute('aria-label') !== label) b.setAttribute('aria-label', label);
      if (b.classList.contains('on') !== on) b.classList.toggle('on', on);
    });
    var count = list.length ? String(list.length) : '';
    document.querySelectorAll('.shortlist-link').forEach(function (a) {
      if (a.hidden) a.hidden = false;
      var c = a.querySelector('.count');
      if (c.textContent !== count) c.textContent = count;
    });
  }
  window.sitegenShortlist = { sync: sync };

  document.addEventListener('click', function (e) {
    var b = e.target.closest('button[data-shortlist]');
    if (!b) return;
    var list = read(), slug = b.dataset.shortlist, name = b.dataset.name, at = list.indexOf(slug);
    if (at >= 0) {
      list.splice(at, 1);
      announce(format(S.removed, name, list.length));
    } else if (list.length >= MAX) {
      announce(format(S.full, MAX));
      return;
    } else {
      list.push(slug);
      announce(format(S.added, name, list.length, MAX));
    }
    write(list);
  });
  window.addEventListener('storage', function (e) {
    if (e.key === KEY) {
      sync(document);
      if (compare) renderCompare();
    }
  });

  // The comparison page.
  var compare = document.querySelector('.compare');
  var idx = compare && window.sitegenIndex && window.sitegenIndex(compare.dataset.index);

  // PHONE is a phone number as the content checks it: digits, spaces and ( ) . / - only.
  var PHONE = /^\+?[0-9][0-9 ()./-]{5,24}$/;

  function csvField(v, kind) {
    v = String(v);
    // A leading + makes a spreadsheet read a phone number as a sum; written as the formula
    // ="+92 …" it shows as typed. Nothing but a checked number is written so.
    if (kind === 'phone' && PHONE.test(v)) return '"=""' + v + '"""';
    // Otherwise a leading = + - @ would make a spreadsheet evaluate the cell.
    if (/^[=+\-@\t\r]/.test(v)) v = "'" + v;
    return '"' + v.replace(/"/g, '""') + '"';
  }

  function renderCompare() {
    var slugs = read();
    return idx.ready.then(function (ix) {
      // Texts are found by slug, so they are fetched beside the numbers the cards need.
      return Promise.all([Promise.all(slugs.map(ix.idOf, ix)), Promise.all(slugs.map(ix.doc, ix))]).then(function (r) {
        var known = function (_, k) { return r[0][k] !== undefined; };
        var ids = r[0].filter(known), docs = r[1].filter(known);
        return Promise.all(ids.map(ix.card, ix)).then(function (cards) { show(ix, cards, docs); });
      });
    }).catch(function (err) { console.warn('sitegen: shortlist unavailable:', err.message); });
  }

  function show(ix, cards, docs) {
    var table = compare.querySelector('table'), head = table.tHead.rows[0];
    var empty = compare.querySelector('.shortlist-empty'), actions = compare.querySelector('.shortlist-actions');
    compare.hidden = false;
    document.querySelectorAll('.needs-js').forEach(function (el) { el.hidden = true; });
    empty.hidden = cards.length > 0;
    table.parentNode.hidden = actions.hidden = cards.length === 0;
    while (head.cells.length > 1) head.deleteCell(1);
    var names = function (f, c) { return ix.valuesOf(f, c).map(function (v) { return v.label; }).join(', '); };
    var value = {
      summary: function (i, d) { return d.s; },
      city: function (c) {
        var v = ix.valuesOf('city', c)[0];
        return v ? v.label + (v.group ? ', ' + v.group : '') : '';
      },
      park: function (c) { return names('park', c); },
      services: function (c) { return names('service', c); },
      certifications: function (c) { return names('certification', c); },
      founded: function (i, d) { return d.y ? String(d.y) : ''; },
      employees: function (c) { return names('employees', c); },
      markets: function (c) { return names('market', c); },
      website: function (i, d) { return d.w || ''; },
      email: function (i, d) { return d.e || ''; },
      phone: function (i, d) { return d.t || ''; }
    };
    cards.forEach(function (c) {
      var th = document.createElement('th'), a = document.createElement('a'), b = document.createElement('button');
      th.scope = 'col';
      a.href = ix.profile(c);
      a.textContent = c.name;
      b.type = 'button';
      b.className = 'remove';
      b.textContent = S.removeShort;
      b.setAttribute('aria-label', S.remove + ': ' + c.name);
      b.addEventListener('click', function () {
        var list = read().filter(function (s) { return s !== c.slug; });
        announce(format(S.removed, c.name, list.length));
        write(list).then(function () {
          // Focus stays in the table: on the next company's button, or the page heading.
          var next = compare.querySelector('button.remove') || document.querySelector('h1');
          if (next.tagName === 'H1') next.tabIndex = -1; // focusable from script only
          next.focus();
        });
      });
      th.append(a, ' ', b);
      head.append(th);
    });
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var kinds = ['name'].concat(rows.map(function (tr) { return tr.dataset.row; }), ['profile']);
    var csv = [[S.name].concat(rows.map(function (tr) { return tr.cells[0].firstChild.textContent.trim(); }), [compare.dataset.profile])];
    cards.forEach(function () { csv.push([]); });
    Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
      while (tr.cells.length > 1) tr.deleteCell(1);
      var get = value[tr.dataset.row], vals = cards.map(function (c, k) { return get(c, docs[k]); });
      vals.forEach(function (v, k) {
        var td = tr.insertCell();
        var kind = tr.dataset.row;
        if (v && (kind === 'email' || (kind === 'website' && /^https?:\/\//i.test(v)))) {
          var a = document.createElement('a');
          a.href = kind === 'email' ? mailto([v]) : v;
          a.textContent = v;
          td.append(a);
        } else if (v && kind === 'phone') {
          // A number reads left to right on a right-to-left page too (+92 at its start).
          var span = document.createElement('span');
          span.dir = 'ltr';
          span.textContent = v;
          td.append(span);
        } else {
          td.textContent = v || '—';
        }
        csv[k + 1].push(v);
      });
      // Rows whose values differ are tinted; a row the same for all says so in words, and
      // can be hidden: with six companies most rows differ, and the few that do not are
      // the news.
      var differs = cards.length > 1 && vals.some(function (v) { return v !== vals[0]; });
      tr.classList.toggle('differs', differs);
      tr.classList.toggle('same', cards.length > 1 && !differs);
      var mark = tr.cells[0].querySelector('.badge');
      if (mark) mark.hidden = differs || cards.length < 2;
    });
    cards.forEach(function (c, k) {
      csv[k + 1].unshift(c.name);
      csv[k + 1].push(new URL(ix.profile(c), location.href).href);
    });
    var text = csv.map(function (r) { return r.map(function (v, i) { return csvField(v, kinds[i]); }).join(','); }).join('\r\n') + '\r\n';
    var dl = actions.querySelector('.download');
    if (dl.href.startsWith('blob:')) URL.revokeObjectURL(dl.href);
    dl.href = URL.createObjectURL(new Blob(['\ufeff' + text], { type: 'text/csv;charset=utf-8' }));
    var emails = docs.map(function (d) { return d.e; }).filter(Boolean);
    var mail = actions.querySelector('.mail-all');
    mail.hidden = emails.length === 0;
    // The companies compete: each sees only the buyer's address, not the others'.
    mail.href = 'mailto:?bcc=' + addresses(emails) + '&subject=' + encodeURIComponent(S.subject);
  }

  // addresses makes a mailto: address list in which no address can add a header (?bcc=)
  // or another address: every character but the @ is percent-encoded (RFC 6068).
  function addresses(addrs) {
    return addrs.map(function (a) { return encodeURIComponent(a).replace(/%40/g, '@'); }).join(',');
  }

  function mailto(addrs) {
    return 'mailto:' + addresses(addrs);
  }

  sync(document);
  if (idx) {
    var hideSame = compare.querySelector('.hide-same input');
    hideSame.addEventListener('change', function () { compare.classList.toggle('hiding-same', hideSame.checked); });
    compare.querySelector('.clear-shortlist').addEventListener('click', function () {
      write([]);
      announce(S.cleared);
    });
    renderCompare();
  }
})();
