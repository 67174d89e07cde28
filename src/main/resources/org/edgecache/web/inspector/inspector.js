// edgecache cache inspector. Everything shown is set with textContent or attributes, never parsed as HTML:
// header values come from origins and are untrusted.
(function () {
  'use strict';
  const TOKEN_KEY = 'edgecache.inspector.token';
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (id) => document.getElementById(id);

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function status(text, isError) {
    const s = $('status');
    s.textContent = text || '';
    s.className = isError ? 'error' : '';
  }

  // ---- the API, with the token from sessionStorage ----
  let tokenWaiters = [];

  async function api(path, form) {
    for (;;) {
      const headers = {};
      const token = sessionStorage.getItem(TOKEN_KEY);
      if (token) headers['Authorization'] = 'Bearer ' + token;
      const init = { headers: headers, cache: 'no-store' };
      if (form) {
        init.method = 'POST';
        headers['X-Edgecache-Inspector'] = '1';
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        init.body = new URLSearchParams(form).toString();
      }
      const r = await fetch(path, init);
      let body;
      try { body = await r.json(); } catch (e) { body = { error: 'HTTP ' + r.status }; }
      if (r.status === 401) {
        await askForToken(token ? 'That token was refused: ' + body.error : body.error);
        continue;
      }
      if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
      return body;
    }
  }

  function askForToken(message) {
    $('token-panel').hidden = false;
    $('token-error').textContent = message || '';
    $('token-input').focus();
    return new Promise((resolve) => tokenWaiters.push(resolve));
  }

  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token-input').value);
    $('token-input').value = '';
    $('token-panel').hidden = true;
    const w = tokenWaiters;
    tokenWaiters = [];
    w.forEach((resolve) => resolve());
  });

  // ---- formatting ----
  function bytes(n) {
    if (n === null || n === undefined || n < 0) return '–';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 ? Math.round(n) : n.toFixed(1)) + ' ' + units[i];
  }

  function seconds(s) {
    const neg = s < 0;
    s = Math.abs(s);
    let out;
    if (s < 120) out = s + ' s';
    else if (s < 7200) out = Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    else if (s < 172800) out = Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
    else out = Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
    return (neg ? '−' : '') + out;
  }

  function dl(rows) {
    const d = el('dl');
    rows.forEach(([name, value, cls]) => {
      d.appendChild(el('dt', name));
      const dd = el('dd', value, cls);
      dd.dataset.field = name;
      d.appendChild(dd);
    });
    return d;
  }

  // ---- look up ----
  async function lookup(url) {
    const out = $('lookup-result');
    out.replaceChildren(el('p', 'Looking up…'));
    let r;
    try {
      r = await api('api/object?url=' + encodeURIComponent(url));
    } catch (e) {
      out.replaceChildren(el('p', e.message, 'error'));
      return;
    }
    const head = el('p');
    head.append('Cache key ', el('code', r.key, 'key'), ': ');
    head.append(r.found ? r.alternates.length + ' alternate' + (r.alternates.length === 1 ? '' : 's') + ' stored'
      : 'nothing stored');
    head.id = 'lookup-summary';
    const parts = [head];
    if (r.inFlight) {
      parts.push(el('p', 'Being fetched now: ' + r.inFlight.state + ', ' + bytes(r.inFlight.readableBytes)
        + ' stored so far, ' + r.inFlight.waiters + ' waiting'));
    }
    r.alternates.forEach((a) => parts.push(alternate(r.key, a)));
    if (r.found) {
      const all = el('button', 'Delete every alternate of this URL', 'danger');
      all.id = 'delete-all';
      all.addEventListener('click', () => remove(r.key, null));
      parts.push(all);
    }
    out.replaceChildren(...parts);
  }

  function alternate(key, a) {
    const box = el('div', null, 'alternate');
    box.dataset.objectId = a.objectId;
    const freshness = (a.fresh ? 'fresh' : 'stale') + ' — ' + seconds(a.ttlSeconds) + ' left of '
      + seconds(a.lifetimeSeconds) + ' (' + a.source.toLowerCase() + ': ' + a.reason + ')';
    box.appendChild(dl([
      ['status', a.status],
      ['freshness', freshness, a.fresh ? 'fresh' : 'stale'],
      ['age', seconds(a.ageSeconds)],
      ['lifetime', seconds(a.lifetimeSeconds) + ' (' + a.source.toLowerCase() + ', ' + a.detail + ')'],
      ['stored', a.responseTime],
      ['size', bytes(a.length) + ' (' + a.length + ' bytes)'],
      ['chunks', a.chunksPresent + ' of ' + a.chunks + ' present' + (a.chunks ? ' (' + bytes(a.chunkSize) + ' each)' : '')
        + (a.missingChunks.length ? '; missing: ' + a.missingChunks.join(', ') : '')],
      ['pinned', a.pinned ? 'yes, until ' + a.pinnedUntil : 'no'],
      ['variant', a.vary.length ? a.vary.join(', ') + ' = ' + a.variant : '(no Vary)'],
    ]));
    const t = el('table', null, 'headers');
    a.headers.forEach(([n, v]) => {
      const tr = el('tr');
      tr.appendChild(el('td', n, 'name'));
      tr.appendChild(el('td', v, 'value'));
      t.appendChild(tr);
    });
    box.appendChild(t);
    const del = el('button', 'Delete this object', 'danger delete-one');
    del.addEventListener('click', () => remove(key, a.objectId));
    box.appendChild(del);
    return box;
  }

  async function remove(key, objectId) {
    const form = { url: key };
    if (objectId) form.objectId = objectId;
    try {
      const r = await api('api/delete', form);
      status(r.deleted ? 'Deleted ' + (objectId ? 'one object of ' : 'every alternate of ') + r.key
        : 'Nothing to delete under ' + r.key);
    } catch (e) {
      status(e.message, true);
    }
    lookup(key);
  }

  $('lookup-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    lookup($('lookup-url').value);
  });

  // ---- regex delete: count first, then confirm ----
  $('regex-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const pattern = $('regex-pattern').value;
    const out = $('regex-result');
    out.replaceChildren(el('p', 'Counting…'));
    let r;
    try {
      r = await api('api/regex/preview', { pattern: pattern });
    } catch (e) {
      out.replaceChildren(el('p', e.message, 'error'));
      return;
    }
    const count = el('p', r.count + (r.count === 1 ? ' object matches' : ' objects match'));
    count.id = 'regex-matches';
    count.dataset.count = r.count;
    const list = el('ul');
    r.keys.forEach((k) => list.appendChild(el('li', k)));
    if (r.count > r.keys.length) list.appendChild(el('li', '… and ' + (r.count - r.keys.length) + ' more'));
    const parts = [count, list];
    if (r.count > 0) {
      const confirm = el('button', 'Delete ' + r.count + ' object' + (r.count === 1 ? '' : 's'), 'danger');
      confirm.id = 'regex-confirm';
      const cancel = el('button', 'Cancel', 'secondary');
      cancel.addEventListener('click', () => out.replaceChildren());
      confirm.addEventListener('click', async () => {
        try {
          const d = await api('api/regex/delete', { pattern: pattern, confirm: 'yes' });
          const done = el('p', 'Deleted ' + d.deleted + ' object' + (d.deleted === 1 ? '' : 's'));
          done.id = 'regex-deleted';
          done.dataset.deleted = d.deleted;
          out.replaceChildren(done);
        } catch (e) {
          out.replaceChildren(el('p', e.message, 'error'));
        }
      });
      parts.push(confirm, cancel);
    }
    out.replaceChildren(...parts);
  });

  // ---- live figures ----
  function chart(svg, seriesList, fixedMax) {
    const W = 400, H = 120, TOP = 12;
    const n = Math.max(2, ...seriesList.map((s) => s.values.length));
    let max = fixedMax || 0;
    if (!fixedMax) seriesList.forEach((s) => s.values.forEach((v) => { if (v !== null && v > max) max = v; }));
    const scale = max > 0 ? max : 1;
    const parts = [];
    [0.25, 0.5, 0.75].forEach((f) => {
      const g = document.createElementNS(SVG, 'line');
      g.setAttribute('class', 'grid');
      g.setAttribute('x1', 0); g.setAttribute('x2', W);
      g.setAttribute('y1', TOP + (H - TOP) * f); g.setAttribute('y2', TOP + (H - TOP) * f);
      parts.push(g);
    });
    seriesList.forEach((s) => {
      const p = document.createElementNS(SVG, 'polyline');
      const pts = [];
      const offset = n - s.values.length;
      s.values.forEach((v, i) => {
        if (v === null) return;
        const x = ((offset + i) / (n - 1)) * W;
        const y = H - (v / scale) * (H - TOP);
        pts.push(x.toFixed(1) + ',' + y.toFixed(1));
      });
      p.setAttribute('points', pts.join(' '));
      p.setAttribute('class', 'series ' + s.name);
      const present = s.values.filter((v) => v !== null);
      p.dataset.max = present.length ? Math.max(...present) : 0;
      p.dataset.last = present.length ? present[present.length - 1] : 0;
      p.dataset.points = present.length;
      parts.push(p);
    });
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', 4); label.setAttribute('y', 10);
    label.textContent = 'max ' + seriesList[0].format(max);
    parts.push(label);
    svg.replaceChildren(...parts);
  }

  const round = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

  function live(f) {
    const pts = f.points;
    $('live-window').textContent = 'last ' + seconds(Math.round(pts.length * f.sampleSeconds)) + ', a point every '
      + f.sampleSeconds + ' s';
    chart($('chart-requests'), [
      { name: 'requests', values: pts.map((p) => p.requestsPerSecond), format: round },
      { name: 'lookups', values: pts.map((p) => p.lookupsPerSecond), format: round },
    ]);
    chart($('chart-hits'), [
      { name: 'hits', values: pts.map((p) => (p.hitRatio === null ? null : p.hitRatio * 100)),
        format: (v) => v.toFixed(0) + ' %' },
    ], 100);
    chart($('chart-origin'), [
      { name: 'origin', values: pts.map((p) => p.originBytesPerSecond), format: (v) => bytes(v) + '/s' },
    ]);
    const s = f.store;
    $('store-summary').textContent = s.keys + ' URLs, ' + s.objects + ' objects, ' + bytes(s.bytes) + ' of bodies; '
      + s.pinnedObjects + ' pinned (' + bytes(s.pinnedBytes) + ')';
    const tbody = $('tiers').tBodies[0];
    tbody.replaceChildren(...s.tiers.map((t) => {
      const tr = el('tr');
      [t.cache, t.tier, t.mappings, bytes(t.occupiedBytes), bytes(t.allocatedBytes)]
        .forEach((v) => tr.appendChild(el('td', v)));
      return tr;
    }));
    const fl = f.inFlight;
    $('inflight-summary').textContent = fl.fetches + ' fetch' + (fl.fetches === 1 ? '' : 'es') + ' from origins, '
      + fl.waiters + ' request' + (fl.waiters === 1 ? '' : 's') + ' waiting on them';
    $('inflight-list').replaceChildren(...fl.list.map((x) => el('li', x.key + ' — ' + x.state + ', '
      + bytes(x.readableBytes) + ', ' + x.waiters + ' waiting')));
    const u = f.update;
    const bar = $('update-progress');
    if (!u) {
      $('update-summary').textContent = 'No scheduled update is configured.';
      bar.hidden = true;
    } else {
      $('update-summary').textContent = (u.active ? 'Run ' + u.run + ' is going: ' : u.run ? 'Run ' + u.run + ' ended: '
        : 'No run yet. ') + (u.run ? u.done + ' done, ' + u.failed + ' failed, ' + u.inFlight + ' in flight of '
        + u.found + ' found' : '');
      bar.hidden = !u.active;
      bar.max = Math.max(1, u.found);
      bar.value = u.done + u.failed;
    }
  }

  let pollMillis = 2000;
  async function poll() {
    try {
      const f = await api('api/figures');
      pollMillis = Math.max(500, f.sampleSeconds * 1000);
      live(f);
    } catch (e) {
      status(e.message, true);
    }
    setTimeout(poll, pollMillis);
  }

  const initial = new URLSearchParams(location.search).get('url');
  if (initial) {
    $('lookup-url').value = initial;
    lookup(initial);
  }
  poll();
})();
