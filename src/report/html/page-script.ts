/**
 * The page's one script: the users table (filter by text, tier and status, sort by column, pages of 100 rows,
 * each row's reason and usage evidence in a <details>). It reads the inline JSON of users-data.ts and writes with
 * textContent only, so no remote string is ever parsed as HTML. Plain ES2017 without template literals, so it can
 * live in this string; the CSP allows exactly this text by its hash (render.ts).
 *
 * What a cell shows is cut to SHORT characters (a row's details to LONG): a browser lays out one unbroken 10 MB
 * word for minutes. The data keeps the whole text, so search and sorting see all of it.
 */
export const PAGE_SCRIPT = String.raw`(function () {
  'use strict';
  var source = document.getElementById('users-data');
  var table = document.getElementById('users-table');
  if (!source || !table) return;
  var d = JSON.parse(source.textContent);
  var n = d.n;
  // users-data.ts IntColumn: a string of base-36 digits, '' for all -1, or an array of numbers.
  function ints(col) {
    if (typeof col !== 'string') return col;
    var out = new Array(n);
    for (var j = 0; j < n; j++) out[j] = col === '' ? -1 : parseInt(col.charAt(j), 36);
    return out;
  }
  var raw = d.cols;
  var c = {
    id: raw.id, name: raw.name, email: new Array(n),
    account: ints(raw.account), status: ints(raw.status), kind: ints(raw.kind), tier: ints(raw.tier),
    roles: ints(raw.roles), groups: ints(raw.groups), last: ints(raw.last), reason: ints(raw.reason),
    rec: ints(raw.rec), evidence: ints(raw.evidence)
  };
  var domain = ints(raw.domain);
  for (var e = 0; e < n; e++) {
    var dom = d.domains[domain[e]];
    c.email[e] = dom ? raw.local[e] + '@' + dom : raw.local[e];
  }
  var listText = d.lists.map(function (list) {
    return list === '' ? '' : list.split(',').map(function (k) { return d.names[Number(k)]; }).join(', ');
  });
  d.lists = listText;
  var PAGE = 100;
  var multi = d.accounts.length > 1;
  var withRecs = d.recs.length > 0;
  var tbody = table.tBodies[0];
  var $ = function (id) { return document.getElementById(id); };
  var q = $('users-q'), tierSel = $('users-tier'), statusSel = $('users-status'), recSel = $('users-rec');
  var count = $('users-count'), prev = $('users-prev'), next = $('users-next'), pageLabel = $('users-page');
  var fmt = function (x) { return x.toLocaleString('en-US'); };
  var SHORT = 200, LONG = 5000;
  // At most max characters, a cut marked with an ellipsis and never between the halves of a surrogate pair.
  function cut(t, max) {
    if (t.length <= max) return t;
    var end = max - 1;
    var code = t.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end--;
    return t.slice(0, end) + '\u2026';
  }
  var state = { q: '', tier: -1, status: -1, rec: -2, sort: '', dir: 1, page: 0 };
  var hay = null;
  var view = [];

  function text(i) {
    return (c.name[i] + ' ' + c.email[i] + ' ' + c.id[i] + ' ' + d.accounts[c.account[i]] + ' ' +
      d.lists[c.roles[i]] + ' ' + d.lists[c.groups[i]]).toLowerCase();
  }
  var keys = {
    account: function (i) { return d.accounts[c.account[i]]; },
    user: function (i) { return (c.name[i] || c.email[i]).toLowerCase(); },
    email: function (i) { return c.email[i].toLowerCase(); },
    tier: function (i) { return c.tier[i]; },
    status: function (i) { return c.status[i]; },
    kind: function (i) { return d.kinds[c.kind[i]]; },
    last: function (i) { return c.last[i] < 0 ? '' : d.dates[c.last[i]]; },
    rec: function (i) { return c.rec[i] < 0 ? '~' : d.recs[c.rec[i]]; }
  };

  function compute() {
    var needle = state.q.trim().toLowerCase();
    if (needle && !hay) { hay = new Array(n); for (var h = 0; h < n; h++) hay[h] = text(h); }
    var out = [];
    for (var i = 0; i < n; i++) {
      if (state.tier >= 0 && c.tier[i] !== state.tier) continue;
      if (state.status >= 0 && c.status[i] !== state.status) continue;
      if (state.rec === -1 && c.rec[i] < 0) continue;
      if (state.rec >= 0 && c.rec[i] !== state.rec) continue;
      if (needle && hay[i].indexOf(needle) < 0) continue;
      out.push(i);
    }
    if (state.sort) {
      var key = keys[state.sort], dir = state.dir;
      var vals = new Array(n);
      for (var k = 0; k < out.length; k++) vals[out[k]] = key(out[k]);
      out.sort(function (a, b) {
        var x = vals[a], y = vals[b];
        return x < y ? -dir : x > y ? dir : a - b;
      });
    }
    view = out;
    state.page = 0;
  }

  function cell(tr, value, cls) {
    var td = document.createElement('td');
    if (cls) td.className = cls;
    if (value !== null) td.textContent = value;
    tr.appendChild(td);
    return td;
  }
  function line(parent, label, value) {
    var p = document.createElement('p');
    var b = document.createElement('b');
    b.textContent = label + ': ';
    p.appendChild(b);
    p.appendChild(document.createTextNode(value));
    parent.appendChild(p);
  }

  function render() {
    var start = state.page * PAGE;
    var rows = view.slice(start, start + PAGE);
    var frag = document.createDocumentFragment();
    for (var r = 0; r < rows.length; r++) {
      var i = rows[r];
      var tr = document.createElement('tr');
      if (multi) cell(tr, cut(d.accounts[c.account[i]], SHORT), 'account');
      var who = cell(tr, null, 'user');
      var strong = document.createElement('span');
      strong.className = 'name';
      strong.textContent = cut(c.name[i], SHORT) || '(no name)';
      who.appendChild(strong);
      if (c.email[i]) {
        var small = document.createElement('span');
        small.className = 'email';
        small.textContent = cut(c.email[i], SHORT);
        who.appendChild(small);
      }
      var tier = d.tiers[c.tier[i]];
      var tierCell = cell(tr, null, 'tier');
      var badge = document.createElement('span');
      badge.className = 'badge t-' + tier;
      badge.textContent = tier;
      tierCell.appendChild(badge);
      cell(tr, d.statuses[c.status[i]], c.status[i] === 1 ? 'muted' : '');
      cell(tr, d.kinds[c.kind[i]].replace('_', ' '), c.kind[i] === 0 ? 'kind' : 'kind muted');
      cell(tr, c.last[i] < 0 ? 'never' : d.dates[c.last[i]], c.last[i] < 0 ? 'muted num' : 'num');
      if (withRecs) cell(tr, c.rec[i] < 0 ? '' : d.recs[c.rec[i]], c.rec[i] < 0 ? '' : 'rec');
      var why = cell(tr, null, 'why');
      var toggle = document.createElement('button');
      toggle.type = 'button';
      toggle.className = 'why';
      toggle.setAttribute('aria-expanded', 'false');
      toggle.setAttribute('data-row', String(i));
      toggle.textContent = 'why';
      why.appendChild(toggle);
      frag.appendChild(tr);
    }
    tbody.textContent = '';
    tbody.appendChild(frag);
    var pages = Math.max(1, Math.ceil(view.length / PAGE));
    count.textContent = view.length === n
      ? fmt(n) + ' users'
      : fmt(view.length) + ' of ' + fmt(n) + ' users';
    pageLabel.textContent = view.length === 0 ? 'no match'
      : 'rows ' + fmt(start + 1) + '\u2013' + fmt(start + rows.length) + ' \u00b7 page ' + fmt(state.page + 1) + ' of ' + fmt(pages);
    prev.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    var ths = table.tHead.rows[0].cells;
    for (var t = 0; t < ths.length; t++) {
      var k = ths[t].getAttribute('data-key');
      if (!k) continue;
      if (k === state.sort) ths[t].setAttribute('aria-sort', state.dir > 0 ? 'ascending' : 'descending');
      else ths[t].removeAttribute('aria-sort');
    }
  }

  // The reason, roles, groups and usage of one user, in a full-width row under theirs (readable on a phone too).
  function details(i) {
    var tr = document.createElement('tr');
    tr.className = 'detail';
    var td = document.createElement('td');
    td.colSpan = table.tHead.rows[0].cells.length;
    var body = document.createElement('div');
    body.className = 'detail-body';
    line(body, 'reason', cut(d.texts[c.reason[i]], LONG));
    line(body, 'roles', cut(d.lists[c.roles[i]], LONG) || 'none');
    line(body, 'groups', cut(d.lists[c.groups[i]], LONG) || 'none');
    line(body, 'user id', cut(c.id[i], SHORT));
    if (c.evidence[i] >= 0) line(body, 'usage', cut(d.texts[c.evidence[i]], LONG));
    td.appendChild(body);
    tr.appendChild(td);
    return tr;
  }
  tbody.addEventListener('click', function (event) {
    var button = event.target.closest('button.why');
    if (!button) return;
    var row = button.closest('tr');
    var open = button.getAttribute('aria-expanded') === 'true';
    if (open) row.parentNode.removeChild(row.nextSibling);
    else row.parentNode.insertBefore(details(Number(button.getAttribute('data-row'))), row.nextSibling);
    button.setAttribute('aria-expanded', open ? 'false' : 'true');
  });

  function update() { compute(); render(); }
  var timer = 0;
  q.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = q.value; update(); }, 120);
  });
  tierSel.addEventListener('change', function () { state.tier = Number(tierSel.value); update(); });
  statusSel.addEventListener('change', function () { state.status = Number(statusSel.value); update(); });
  if (recSel) recSel.addEventListener('change', function () { state.rec = Number(recSel.value); update(); });
  prev.addEventListener('click', function () { if (state.page > 0) { state.page--; render(); } });
  next.addEventListener('click', function () {
    if ((state.page + 1) * PAGE < view.length) { state.page++; render(); }
  });
  table.tHead.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-key]');
    if (!button) return;
    var k = button.getAttribute('data-key');
    if (state.sort === k) state.dir = -state.dir; else { state.sort = k; state.dir = 1; }
    update();
  });
  document.documentElement.classList.add('js');
  update();
  table.setAttribute('data-ready', 'true');
})();
`;
