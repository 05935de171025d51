/* gatewatch vitals dashboard: reads vitals/summary, vitals/series and status (relative to the page,
 * so a configured base path works) and draws them with Chart.js. Every chart's container carries
 * data-points (points or bars drawn) and data-resolution, and <body> carries data-frame,
 * data-resolution, data-refreshes and data-state, so tests can tell what was drawn. */
(function () {
  'use strict';

  var FRAMES = {
    '5m': { span: 5 * 60 * 1000, resolution: '1s', refresh: 2000, tick: 60 * 1000 },
    '1h': { span: 60 * 60 * 1000, resolution: '1s', refresh: 10000, tick: 10 * 60 * 1000 },
    '24h': { span: 24 * 60 * 60 * 1000, resolution: '1m', refresh: 60000, tick: 3 * 60 * 60 * 1000 }
  };
  var SERIES = 'status_classes,error_ratio,upstream_latency,gateway_latency,bytes,' +
      'auth_failures,cache_hit_ratio,connections,top_routes,top_consumers,' +
      'status_codes_by_service,status_codes_by_route,status_codes_by_consumer';
  var CODE_ORDER = ['2xx', '3xx', '4xx', '5xx', '1xx'];
  var CLASS_COLOURS = { '1xx': '#94a3b8', '2xx': '#16a34a', '3xx': '#2563eb', '4xx': '#d97706', '5xx': '#dc2626' };

  var params = new URLSearchParams(window.location.search);
  var state = {
    frame: FRAMES[params.get('frame')] ? params.get('frame') : '5m',
    tz: params.get('tz') === 'local' ? 'local' : 'utc',
    auto: params.get('refresh') !== 'off',
    // null: the cluster (node=all); otherwise the node ids whose toggles are on
    nodes: params.get('node') ? params.get('node').split(',') : null,
    refreshes: 0,
    busy: false,
    timer: null,
    codesKind: ['service', 'route', 'consumer'].indexOf(params.get('codes')) >= 0 ? params.get('codes') : 'route',
    lastSeries: null
  };
  var charts = {};

  function pad(n) { return n < 10 ? '0' + n : '' + n; }

  function formatTime(ms, withSeconds) {
    var d = new Date(ms);
    var h = state.tz === 'utc' ? d.getUTCHours() : d.getHours();
    var m = state.tz === 'utc' ? d.getUTCMinutes() : d.getMinutes();
    var s = state.tz === 'utc' ? d.getUTCSeconds() : d.getSeconds();
    return pad(h) + ':' + pad(m) + (withSeconds ? ':' + pad(s) : '');
  }

  function formatBytes(n) {
    if (n === null || n === undefined || isNaN(n)) { return '–'; }
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var i = 0;
    while (Math.abs(n) >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i === 0 || Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(1)) + ' ' + units[i];
  }

  function fixed(n, digits) { return n === null || n === undefined || isNaN(n) ? '–' : n.toFixed(digits); }

  /** A linear axis over epoch milliseconds with ticks on whole minutes or hours, labelled in UTC or local time. */
  function timeAxis(from, to) {
    var frame = FRAMES[state.frame];
    // local ticks fall on whole local hours: shift by the zone offset (whole minutes are the same everywhere)
    var offset = state.tz === 'local' ? new Date(to).getTimezoneOffset() * 60000 : 0;
    return {
      type: 'linear', min: from, max: to,
      afterBuildTicks: function (axis) {
        var ticks = [];
        var first = Math.ceil((from - offset) / frame.tick) * frame.tick + offset;
        for (var v = first; v <= to; v += frame.tick) { ticks.push({ value: v }); }
        axis.ticks = ticks;
      },
      ticks: { autoSkip: false, maxRotation: 0, callback: function (v) { return formatTime(v, false); } },
      grid: { color: '#eef0f3' }
    };
  }

  function lineChart(name, yTitle, stacked, yMax, logarithmic) {
    var canvas = document.querySelector('[data-chart="' + name + '"] canvas');
    charts[name] = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false, parsing: false, normalized: true, spanGaps: false, responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        elements: { point: { radius: 0, hitRadius: 4 }, line: { borderWidth: 1.5, tension: 0 } },
        scales: {
          x: timeAxis(0, 1),
          y: logarithmic
            // gateway overhead (sub-millisecond) and upstream latency (tens of ms) both stay readable
            ? { type: 'logarithmic', title: { display: !!yTitle, text: yTitle } }
            : { beginAtZero: true, stacked: stacked, max: yMax, title: { display: !!yTitle, text: yTitle } }
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 2 } },
          tooltip: { callbacks: { title: function (items) { return items.length ? formatTime(items[0].parsed.x, true) : ''; } } }
        }
      }
    });
  }

  function barChart(name) {
    var canvas = document.querySelector('[data-chart="' + name + '"] canvas');
    charts[name] = new Chart(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [{ label: 'requests', data: [], backgroundColor: '#2563eb' }] },
      options: {
        animation: false, indexAxis: 'y', responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true }, y: { ticks: { autoSkip: false, font: { size: 11 } } } }
      }
    });
  }

  function points(timestamps, values, scale) {
    var out = new Array(timestamps.length);
    for (var i = 0; i < timestamps.length; i++) {
      var v = values[i];
      out[i] = { x: timestamps[i], y: v === null || v === undefined ? null : v * scale };
    }
    return out;
  }

  function dataset(label, data, colour, extra) {
    var d = { label: label, data: data, borderColor: colour, backgroundColor: colour };
    for (var k in extra || {}) { d[k] = extra[k]; }
    return d;
  }

  /** Points actually drawn (not skipped as null) over every dataset, recorded for tests. */
  function markDrawn(name, resolution) {
    var chart = charts[name];
    var drawn = 0;
    for (var i = 0; i < chart.data.datasets.length; i++) {
      var meta = chart.getDatasetMeta(i);
      if (!meta || meta.hidden) { continue; }
      for (var j = 0; j < meta.data.length; j++) {
        var el = meta.data[j];
        if (el && !el.skip && chart.data.datasets[i].data[j] !== null &&
            (chart.config.type !== 'line' || chart.data.datasets[i].data[j].y !== null)) { drawn++; }
      }
    }
    var box = document.querySelector('[data-chart="' + name + '"]');
    box.setAttribute('data-points', String(drawn));
    box.setAttribute('data-resolution', resolution);
  }

  function setLines(name, from, to, resolution, datasets) {
    var chart = charts[name];
    chart.data.datasets = datasets;
    chart.options.scales.x = timeAxis(from, to);
    chart.update('none');
    markDrawn(name, resolution);
  }

  function setBars(name, labels, values, resolution) {
    var chart = charts[name];
    chart.data.labels = labels;
    chart.data.datasets[0].data = values;
    chart.update('none');
    markDrawn(name, resolution);
    document.querySelector('[data-chart="' + name + '"] .empty').hidden = labels.length > 0;
  }

  function draw(series) {
    var m = series.metrics;
    var ts = series.timestamps;
    var perSecond = 1000 / series.step;
    var from = series.from, to = series.to, res = series.resolution;

    // stacked areas: each class fills down to the one below it
    setLines('requests', from, to, res, ['2xx', '3xx', '4xx', '5xx', '1xx'].map(function (c, i) {
      return dataset(c, points(ts, m.status_classes[c], perSecond), CLASS_COLOURS[c],
        { fill: i === 0 ? 'origin' : '-1', backgroundColor: CLASS_COLOURS[c] + '66' });
    }));

    var lat = [];
    [['gateway', m.gateway_latency, ['#6d28d9', '#8b5cf6', '#c4b5fd']], ['upstream', m.upstream_latency, ['#0e7490', '#06b6d4', '#67e8f9']]]
      .forEach(function (l) {
        ['p99', 'p95', 'p50'].forEach(function (p, i) {
          lat.push(dataset(l[0] + ' ' + p, points(ts, l[1][p], 1000), l[2][i], { borderDash: l[0] === 'gateway' ? [] : [5, 3] }));
        });
      });
    setLines('latency', from, to, res, lat);

    setLines('errors', from, to, res, [dataset('5xx', points(ts, m.error_ratio.values, 100), '#dc2626')]);
    setLines('bytes', from, to, res, [
      dataset('in', points(ts, m.bytes['in'], perSecond), '#0891b2'),
      dataset('out', points(ts, m.bytes.out, perSecond), '#7c3aed')
    ]);
    setLines('cache', from, to, res, [dataset('hit ratio', points(ts, m.cache_hit_ratio.values, 100), '#16a34a')]);
    setLines('connections', from, to, res, [
      dataset('active connections', points(ts, m.connections.values, 1), '#2563eb'),
      dataset('auth failures / s', points(ts, m.auth_failures.values, perSecond), '#dc2626')
    ]);
    var routes = m.top_routes.entries;
    setBars('top_routes', routes.map(function (e) { return e.service + ' / ' + e.route; }),
      routes.map(function (e) { return e.requests; }), res);
    var consumers = m.top_consumers.entries;
    setBars('top_consumers', consumers.map(function (e) { return e.consumer; }),
      consumers.map(function (e) { return e.requests; }), res);
    state.lastSeries = series;
    statusCodes();
  }

  /** The status-code table of the chosen kind: one row per name, and a bar of its classes' shares. */
  function statusCodes() {
    var series = state.lastSeries;
    var box = document.getElementById('status-codes');
    box.setAttribute('data-kind', state.codesKind);
    document.querySelectorAll('[data-codes-kind]').forEach(function (b) {
      b.classList.toggle('active', b.getAttribute('data-codes-kind') === state.codesKind);
    });
    if (!series) { return; }
    var doc = series.metrics['status_codes_by_' + state.codesKind];
    var rows = doc.entries.map(function (e) {
      return { name: state.codesKind === 'route' ? e.service + ' / ' + e.route : e[state.codesKind], counts: e };
    });
    if (doc.other && doc.other.requests > 0) { rows.push({ name: 'other', counts: doc.other, other: true }); }
    var body = document.getElementById('codes-rows');
    body.textContent = '';
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-name', r.name);
      cell(tr, r.name, r.other ? 'muted' : null);
      cell(tr, String(r.counts.requests));
      CODE_ORDER.forEach(function (c) { cell(tr, String(r.counts[c]), r.counts[c] > 0 && (c === '5xx' || c === '4xx') ? 'code-' + c : null); });
      var bar = document.createElement('td');
      bar.className = 'share';
      CODE_ORDER.forEach(function (c) {
        if (r.counts[c] > 0) {
          var part = document.createElement('span');
          part.style.width = (100 * r.counts[c] / r.counts.requests) + '%';
          part.style.background = CLASS_COLOURS[c];
          part.title = c + ': ' + r.counts[c];
          bar.appendChild(part);
        }
      });
      tr.appendChild(bar);
      body.appendChild(tr);
    });
    if (rows.length === 0) {
      var empty = document.createElement('tr');
      cell(empty, 'No requests in this time frame.', 'muted');
      empty.firstChild.colSpan = 8;
      body.appendChild(empty);
    }
    box.setAttribute('data-rows', String(rows.length));
    box.setAttribute('data-covered', String(doc.covered));
  }

  function tiles(summary) {
    var w = summary.windows[state.frame] || summary.windows['5m'];
    document.getElementById('node-id').textContent = summary.nodeId;
    if (!w || w.requests === null) {
      ['tile-rate', 'tile-errors', 'tile-p99', 'tile-bytes', 'tile-cache'].forEach(function (id) {
        document.getElementById(id).textContent = 'no data';
      });
      return;
    }
    document.getElementById('tile-rate').textContent = fixed(w.rate, 1);
    document.getElementById('tile-errors').textContent = w.error_ratio === null ? '–' : fixed(w.error_ratio * 100, 2) + ' %';
    document.getElementById('tile-p99').textContent = w.latency.worst_p99 === null ? '–' : fixed(w.latency.worst_p99 * 1000, 1) + ' ms';
    document.getElementById('tile-bytes').textContent = formatBytes(w.bytes['in']) + ' / ' + formatBytes(w.bytes.out);
    document.getElementById('tile-bytes').title = w.bytes['in'] + ' B in, ' + w.bytes.out + ' B out';
    document.getElementById('tile-cache').textContent = w.cache_hit_ratio === null ? '–' : fixed(w.cache_hit_ratio * 100, 1) + ' %';
  }

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text;
    if (className) { td.className = className; }
    row.appendChild(td);
  }

  function health(doc, error) {
    var body = document.getElementById('health-rows');
    body.textContent = '';
    var tile = document.getElementById('tile-health');
    if (error) {
      var row = document.createElement('tr');
      cell(row, 'health unavailable: ' + error, 'muted');
      row.firstChild.colSpan = 3;
      body.appendChild(row);
      tile.textContent = '–';
      return;
    }
    tile.textContent = doc.status;
    tile.className = 'value status-' + doc.status;
    document.getElementById('health-overall').textContent = doc.status + ' · ' + doc.state + ' · version ' + doc.version;
    if (doc.nodeId) { document.getElementById('node-id').textContent = doc.nodeId; }
    var names = Object.keys(doc.components || {});
    names.forEach(function (name) {
      var c = doc.components[name];
      var tr = document.createElement('tr');
      tr.setAttribute('data-component', name);
      cell(tr, name);
      cell(tr, c.status, 'status-' + c.status);
      cell(tr, c.records && c.records.length ? c.records[c.records.length - 1] : '', 'record');
      body.appendChild(tr);
    });
    document.body.setAttribute('data-health-components', String(names.length));
  }

  function getJson(url) {
    return fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) {
        if (!r.ok) { throw new Error(url.split('?')[0] + ' answered ' + r.status); }
        return r.json();
      });
  }

  function refresh() {
    if (state.busy) { return Promise.resolve(); }
    state.busy = true;
    var frame = FRAMES[state.frame];
    var frameName = state.frame;
    var scope = state.nodes ? 'node=' + encodeURIComponent(state.nodes.join(',')) : '';
    return getJson('vitals/nodes').then(function (doc) {
      nodeSwitch(doc);
      return getJson('vitals/summary' + (scope ? '?' + scope : ''));
    }).then(function (summary) {
      tiles(summary);
      var to = summary.now;
      var from = to - frame.span + 1;
      var url = 'vitals/series?metric=' + SERIES + '&resolution=' + frame.resolution + '&from=' + from + '&to=' + to +
        (scope ? '&' + scope : '');
      return getJson(url);
    }).then(function (series) {
      if (frameName !== state.frame) { return; }
      draw(series);
      state.refreshes++;
      document.body.setAttribute('data-frame', state.frame);
      document.body.setAttribute('data-resolution', series.resolution);
      document.body.setAttribute('data-points', String(series.timestamps.length));
      document.body.setAttribute('data-refreshes', String(state.refreshes));
      document.body.setAttribute('data-state', 'ready');
      document.getElementById('updated').textContent = 'updated ' + formatTime(series.to, true) + (state.tz === 'utc' ? ' UTC' : '');
      document.getElementById('footer').textContent = series.timestamps.length + ' points at ' + series.resolution +
        ' · timestamps in ' + (state.tz === 'utc' ? 'UTC' : 'local time');
      return getJson('status').then(function (doc) { health(doc); }, function (e) { health(null, e.message); });
    }).catch(function (e) {
      document.body.setAttribute('data-state', 'error');
      document.body.setAttribute('data-error', e.message);
      document.getElementById('updated').textContent = 'error: ' + e.message;
    }).then(function () {
      state.busy = false;
    });
  }

  /** With a shared store: a cluster button and one toggle per node; the choice goes into node= of every request. */
  function nodeSwitch(doc) {
    var shared = doc.store === 'postgres';
    document.getElementById('node-switch').hidden = !shared;
    document.body.setAttribute('data-store', doc.store);
    document.body.setAttribute('data-nodes', state.nodes ? state.nodes.join(',') : 'all');
    if (!shared) { return; }
    document.getElementById('cluster-button').classList.toggle('active', !state.nodes);
    var box = document.getElementById('node-toggles');
    while (box.firstChild) { box.removeChild(box.firstChild); }
    doc.nodes.forEach(function (n) {
      var label = document.createElement('label');
      label.className = 'node-toggle';
      label.title = n.id + (n.version ? ' · ' + n.version : '');
      var input = document.createElement('input');
      input.type = 'checkbox';
      input.setAttribute('data-node', n.id);
      input.checked = !!state.nodes && state.nodes.indexOf(n.id) >= 0;
      input.addEventListener('change', function () {
        var chosen = [];
        box.querySelectorAll('input[data-node]').forEach(function (i) { if (i.checked) { chosen.push(i.getAttribute('data-node')); } });
        state.nodes = chosen.length ? chosen : null;
        remember(); state.busy = false; refresh();
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(' ' + n.name + (n.hostname && n.hostname !== n.name ? '@' + n.hostname : '') +
        (n.self ? ' (this node)' : '')));
      box.appendChild(label);
    });
  }

  function schedule() {
    if (state.timer) { clearInterval(state.timer); state.timer = null; }
    if (state.auto) { state.timer = setInterval(refresh, FRAMES[state.frame].refresh); }
  }

  function markButtons() {
    document.querySelectorAll('[data-frame-button]').forEach(function (b) {
      b.classList.toggle('active', b.getAttribute('data-frame-button') === state.frame);
    });
    document.querySelectorAll('[data-tz-button]').forEach(function (b) {
      b.classList.toggle('active', b.getAttribute('data-tz-button') === state.tz);
    });
    document.body.setAttribute('data-tz', state.tz);
  }

  function remember() {
    var p = new URLSearchParams();
    p.set('frame', state.frame);
    p.set('tz', state.tz);
    if (!state.auto) { p.set('refresh', 'off'); }
    if (state.nodes) { p.set('node', state.nodes.join(',')); }
    if (state.codesKind !== 'route') { p.set('codes', state.codesKind); }
    window.history.replaceState(null, '', '?' + p.toString());
  }

  function start() {
    ['requests', 'latency', 'errors', 'bytes', 'cache', 'connections'].forEach(function (n) {
      lineChart(n, n === 'latency' ? 'ms (log scale)' : null, n === 'requests', n === 'cache' ? 100 : undefined,
        n === 'latency');
    });
    barChart('top_routes');
    barChart('top_consumers');
    document.querySelectorAll('[data-frame-button]').forEach(function (b) {
      b.addEventListener('click', function () {
        state.frame = b.getAttribute('data-frame-button');
        document.body.setAttribute('data-state', 'loading');
        markButtons(); remember(); schedule(); state.busy = false; refresh();
      });
    });
    document.querySelectorAll('[data-tz-button]').forEach(function (b) {
      b.addEventListener('click', function () {
        state.tz = b.getAttribute('data-tz-button');
        markButtons(); remember(); refresh();
      });
    });
    document.querySelectorAll('[data-codes-kind]').forEach(function (b) {
      b.addEventListener('click', function () {
        state.codesKind = b.getAttribute('data-codes-kind');
        remember(); statusCodes();
      });
    });
    document.getElementById('cluster-button').addEventListener('click', function () {
      state.nodes = null;
      remember(); state.busy = false; refresh();
    });
    var auto = document.getElementById('auto-refresh');
    auto.checked = state.auto;
    auto.addEventListener('change', function () { state.auto = auto.checked; remember(); schedule(); });
    markButtons();
    schedule();
    refresh();
  }

  start();
}());
