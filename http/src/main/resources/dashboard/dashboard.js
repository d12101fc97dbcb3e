// Cornjacket dashboard: plain JavaScript, no build step, no third-party code. Reads the query and
// operator APIs every 2 s (dead letters and alerts every 10 s, the topology once) and draws with
// SVG. The token field is kept in localStorage and sent as "Authorization: Bearer" on every call.
'use strict';

const TOKEN_KEY = 'cornjacket.token';
const REFRESH_MS = 2000;
const SLOW_EVERY = 5;
const CHART_RANGE_MS = 3 * 60 * 60 * 1000;
const SVG_NS = 'http://www.w3.org/2000/svg';

const state = { device: null, metric: null, cycle: 0, topologyDrawn: false, authProblem: null };

class AuthError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function token() {
  return localStorage.getItem(TOKEN_KEY) || '';
}

async function api(path) {
  const headers = { Accept: 'application/json' };
  if (token()) {
    headers.Authorization = 'Bearer ' + token();
  }
  const response = await fetch(path, { headers });
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (response.status === 401 || response.status === 403) {
    throw new AuthError(response.status, (body && body.message) || response.statusText);
  }
  if (!response.ok) {
    const error = new Error((body && body.message) || response.status + ' ' + response.statusText);
    error.status = response.status;
    throw error;
  }
  return body;
}

// ---- small DOM helpers ---------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function time(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleTimeString();
}

function num(value) {
  return typeof value === 'number' ? (Math.abs(value) >= 1000 ? value.toFixed(0) : +value.toFixed(3)) : value;
}

// ---- panels --------------------------------------------------------------------------------

async function refreshDevices() {
  const body = await api('/api/v1/devices?limit=200');
  const tbody = document.querySelector('#devices tbody');
  const rows = [];
  for (const device of body.devices) {
    const values = el('td');
    for (const [metric, reading] of Object.entries(device.metrics || {})) {
      const score = reading.score;
      values.append(el('span', { class: 'metric', 'data-metric': metric }, metric + ' ', el('b', {}, num(reading.value)),
        score === undefined || score === null ? '' :
          el('span', { class: 'score' + (score >= 0.5 ? ' high' : '') }, ' (' + score.toFixed(2) + ')')));
    }
    const anomaly = device.last_anomaly;
    const row = el('tr', { 'data-device-id': device.device_id },
      el('td', {}, device.device_id), el('td', {}, time(device.last_ts)), values,
      el('td', {}, anomaly ? anomaly.metric + ' ' + num(anomaly.value) + ' at ' + time(anomaly.ts) : '–'));
    if (device.device_id === state.device) row.classList.add('selected');
    row.addEventListener('click', () => selectDevice(device));
    rows.push(row);
  }
  tbody.replaceChildren(...rows);
  document.getElementById('devices-summary').textContent =
    body.devices.length + ' device(s)' + (body.partial ? ' — partial: ' + body.missing_instances.join(', ') + ' did not answer' : '');
  if (!state.device && body.devices.length > 0) {
    selectDevice(body.devices[0]);
  } else if (state.device) {
    const current = body.devices.find((d) => d.device_id === state.device);
    if (current) updateMetrics(current);
  }
}

function selectDevice(device) {
  const deviceId = device.device_id;
  if (state.device !== deviceId) {
    state.device = deviceId;
    state.metric = null;
  }
  document.querySelectorAll('#devices tbody tr').forEach((row) =>
    row.classList.toggle('selected', row.dataset.deviceId === deviceId));
  updateMetrics(device);
  refreshChart().catch(report);
}

/** The metric choice of a device; the first time, the metric of its last anomaly. */
function updateMetrics(device) {
  const select = document.getElementById('metric');
  const metrics = Object.keys(device.metrics || {}).sort();
  if (!state.metric || !metrics.includes(state.metric)) {
    const anomalous = device.last_anomaly && device.last_anomaly.metric;
    state.metric = metrics.includes(anomalous) ? anomalous : metrics[0] || null;
  }
  const current = [...select.options].map((o) => o.value).join(',');
  if (current !== metrics.join(',')) {
    select.replaceChildren(...metrics.map((m) => el('option', { value: m }, m)));
  }
  select.value = state.metric || '';
}

async function refreshChart() {
  const chart = document.getElementById('chart');
  if (!state.device || !state.metric) {
    chart.replaceChildren();
    return;
  }
  const device = encodeURIComponent(state.device);
  const from = new Date(Date.now() - CHART_RANGE_MS).toISOString();
  const [rollups, anomalies] = await Promise.all([
    api('/api/v1/devices/' + device + '/rollups?metric=' + encodeURIComponent(state.metric) + '&from=' + from),
    api('/api/v1/devices/' + device + '/anomalies?from=' + from),
  ]);
  drawChart(chart, rollups.rollups, anomalies.anomalies.filter((a) => a.metric === state.metric));
  document.getElementById('chart-title').textContent =
    state.device + ' · ' + state.metric + ' · ' + rollups.rollups.length + ' windows';
}

function drawChart(chart, rollups, anomalies) {
  const W = 900, H = 260, left = 50, right = 12, top = 12, bottom = 28;
  const xs = rollups.map((r) => Date.parse(r.window_start)).concat(anomalies.map((a) => Date.parse(a.ts)));
  const ys = rollups.flatMap((r) => [r.min, r.max]).concat(anomalies.map((a) => a.value));
  chart.replaceChildren();
  if (xs.length === 0) {
    chart.append(svg('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle' }, 'no rollups in the last 3 h'));
    return;
  }
  let [x0, x1] = [Math.min(...xs), Math.max(...xs) + 60000];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (y0 === y1) { y0 -= 1; y1 += 1; }
  const pad = (y1 - y0) * 0.08;
  y0 -= pad; y1 += pad;
  const x = (t) => left + ((t - x0) / (x1 - x0)) * (W - left - right);
  const y = (v) => top + (1 - (v - y0) / (y1 - y0)) * (H - top - bottom);
  chart.append(svg('line', { class: 'axis', x1: left, y1: H - bottom, x2: W - right, y2: H - bottom }));
  chart.append(svg('line', { class: 'axis', x1: left, y1: top, x2: left, y2: H - bottom }));
  for (const v of [y0 + pad, (y0 + y1) / 2, y1 - pad]) {
    chart.append(svg('text', { x: left - 4, y: y(v) + 4, 'text-anchor': 'end' }, num(v)));
  }
  chart.append(svg('text', { x: left, y: H - 8 }, new Date(x0).toLocaleTimeString()));
  chart.append(svg('text', { x: W - right, y: H - 8, 'text-anchor': 'end' }, new Date(x1).toLocaleTimeString()));
  const sorted = [...rollups].sort((a, b) => Date.parse(a.window_start) - Date.parse(b.window_start));
  const mid = (r) => Date.parse(r.window_start) + 30000;
  if (sorted.length > 0) {
    const upper = sorted.map((r) => x(mid(r)) + ',' + y(r.max));
    const lower = sorted.slice().reverse().map((r) => x(mid(r)) + ',' + y(r.min));
    chart.append(svg('polygon', { class: 'band', points: upper.concat(lower).join(' ') }));
    chart.append(svg('polyline', { class: 'avg', points: sorted.map((r) => x(mid(r)) + ',' + y(r.sum / r.count)).join(' ') }));
  }
  for (const r of sorted) {
    const point = svg('circle', { class: 'point', cx: x(mid(r)), cy: y(r.sum / r.count), r: 2.5, 'data-window-start': r.window_start });
    point.append(svg('title', {}, time(r.window_start) + ': avg ' + num(r.sum / r.count) + ', ' + r.count + ' readings'));
    chart.append(point);
  }
  for (const a of anomalies) {
    const marker = svg('circle', { class: 'anomaly-marker', cx: x(Date.parse(a.ts)), cy: y(a.value), r: 6, 'data-anomaly-id': a.anomaly_id });
    marker.append(svg('title', {}, 'anomaly ' + num(a.value) + ' (score ' + a.score.toFixed(2) + '): ' + (a.reasons || []).join('; ')));
    chart.append(marker);
  }
}

async function refreshAnomalies() {
  const body = await api('/api/v1/anomalies?limit=50');
  const list = document.getElementById('anomalies');
  const items = [...body.anomalies].reverse().map((a) =>
    el('li', { 'data-anomaly-id': a.anomaly_id, 'data-device-id': a.device_id },
      el('b', {}, a.device_id), ' ' + a.metric + ' = ' + num(a.value) + ' ',
      el('span', { class: 'score high' }, 'score ' + a.score.toFixed(2)), ' at ' + time(a.ts),
      el('div', { class: 'muted' }, (a.reasons || []).join('; '))));
  list.replaceChildren(...(items.length ? items : [el('li', { class: 'muted' }, 'no anomalies in the last hour')]));
}

async function refreshAlerts() {
  const panel = document.getElementById('alerts-panel');
  let body;
  try {
    body = await api('/api/v1/ops/webhooks');
  } catch (e) {
    if (e instanceof AuthError) throw e;
    panel.hidden = true; // the endpoint is not there (yet): no panel
    return;
  }
  panel.hidden = false;
  const entries = Array.isArray(body) ? body : Object.values(body).find(Array.isArray) || [];
  const list = document.getElementById('alerts');
  list.replaceChildren(...(entries.length ? entries.slice(0, 50).map((entry) =>
    el('li', {}, typeof entry === 'object' ? Object.entries(entry).slice(0, 6)
      .map(([k, v]) => k + ': ' + (typeof v === 'object' ? JSON.stringify(v) : v)).join(' · ') : String(entry)))
    : [el('li', { class: 'muted' }, 'nothing yet')]));
}

async function refreshDeadLetters() {
  const body = await api('/api/v1/ops/dlq?limit=10');
  const box = document.getElementById('dlq');
  const reasons = Object.entries(body.by_reason).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...reasons.map(([, n]) => n));
  const bars = reasons.map(([reason, n]) => el('div', { class: 'bar', 'data-reason': reason },
    el('span', { class: 'label' }, reason), el('span', { class: 'fill', style: 'width:' + Math.round((n / max) * 160) + 'px' }), n));
  const recent = el('ul', { class: 'list' }, ...body.items.map((item) => el('li', {},
    time(item.time) + ' ', el('b', {}, item.reason), ' · ' + item.stage + ' · ' + (item.key || '(no key)') + ' · ' + item.id,
    item.replayed_at ? el('span', { class: 'muted' }, ' · replayed ' + time(item.replayed_at)) : '')));
  box.replaceChildren(...(bars.length ? bars : [el('p', { class: 'muted' }, 'no dead letters')]),
    ...(body.items.length ? [el('h3', {}, 'newest'), recent] : []));
  document.getElementById('dlq-summary').textContent = body.scanned + ' read';
}

function partitions(byStore) {
  const lines = Object.entries(byStore || {}).map(([store, parts]) => store + ': ' + parts.join(','));
  return lines.length ? el('span', {}, ...lines.flatMap((l) => [l, el('br')])) : '–';
}

async function refreshInstances() {
  const body = await api('/api/v1/ops/instances');
  const rows = body.instances.map((i) => {
    const restoring = (i.restoration || []).filter((r) => r.state === 'restoring');
    return el('tr', { 'data-host': i.host },
      el('td', {}, i.host + (i.self ? ' (this)' : '')),
      el('td', { class: i.reachable ? '' : 'bad' }, i.reachable ? i.state : 'unreachable: ' + i.error),
      el('td', {}, (i.roles || []).join(', ')),
      el('td', {}, partitions(i.active_partitions)),
      el('td', {}, partitions(i.standby_partitions)),
      el('td', {}, i.consumer_lag === undefined ? '–' : i.consumer_lag),
      el('td', {}, restoring.length ? restoring.map((r) => r.store + '/' + r.partition + ' ' + Math.round(r.progress * 100) + '%').join(', ') : '–'));
  });
  document.querySelector('#instances tbody').replaceChildren(...rows);
}

async function refreshTopology() {
  const body = await api('/api/v1/ops/topology');
  drawTopology(document.getElementById('topology'), body.graph);
  document.getElementById('topology-summary').textContent =
    body.graph.subtopologies + ' sub-topologies, ' + body.graph.nodes.length + ' nodes';
  state.topologyDrawn = true;
}

/** A simple layered layout: each node one column right of its furthest predecessor. */
function drawTopology(root, graph) {
  const layer = new Map(graph.nodes.map((n) => [n.id, 0]));
  for (let pass = 0; pass < graph.nodes.length; pass++) {
    let changed = false;
    for (const e of graph.edges) {
      const next = layer.get(e.from) + 1;
      if (layer.has(e.to) && next > layer.get(e.to) && next < graph.nodes.length) {
        layer.set(e.to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns = [];
  for (const n of graph.nodes) {
    const l = layer.get(n.id);
    (columns[l] = columns[l] || []).push(n);
  }
  const colWidth = 160, boxWidth = 145, rowHeight = 30, boxHeight = 22, margin = 10;
  const pos = new Map();
  columns.forEach((nodes, c) => {
    nodes.sort((a, b) => String(a.subtopology).localeCompare(String(b.subtopology)) || a.name.localeCompare(b.name));
    nodes.forEach((n, r) => pos.set(n.id, { x: margin + c * colWidth, y: margin + r * rowHeight }));
  });
  const width = margin * 2 + columns.length * colWidth;
  const height = margin * 2 + Math.max(...columns.map((c) => (c ? c.length : 0))) * rowHeight;
  root.setAttribute('width', width);
  root.setAttribute('height', height);
  root.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  const defs = svg('defs');
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto' });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#9aa3b2' }));
  defs.append(marker);
  const parts = [defs];
  for (const e of graph.edges) {
    const a = pos.get(e.from), b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + boxWidth, y1 = a.y + boxHeight / 2, x2 = b.x, y2 = b.y + boxHeight / 2;
    const mx = (x1 + x2) / 2;
    parts.push(svg('path', { class: 'edge', d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`, 'data-kind': e.kind }));
  }
  for (const n of graph.nodes) {
    const p = pos.get(n.id);
    const g = svg('g', { class: 'node n-' + n.kind, 'data-node-id': n.id, transform: `translate(${p.x},${p.y})` });
    g.append(svg('rect', { width: boxWidth, height: boxHeight, rx: n.kind === 'topic' || n.kind === 'store' ? 11 : 3 }));
    const label = n.name.length > 24 ? n.name.slice(0, 23) + '…' : n.name;
    g.append(svg('text', { x: 6, y: 15 }, label));
    g.append(svg('title', {}, n.kind + ': ' + n.name + (n.subtopology ? ' (sub-topology ' + n.subtopology + ')' : '')));
    parts.push(g);
  }
  root.replaceChildren(...parts);
}

// ---- refresh loop --------------------------------------------------------------------------

function report(error) {
  if (error instanceof AuthError) {
    state.authProblem = error;
    return;
  }
  console.warn(error);
  state.lastError = error.message;
}

async function refresh() {
  state.authProblem = null;
  state.lastError = null;
  const slow = state.cycle % SLOW_EVERY === 0;
  const tasks = [refreshDevices(), refreshAnomalies(), refreshInstances()];
  if (state.device) tasks.push(refreshChart());
  if (slow) tasks.push(refreshDeadLetters(), refreshAlerts());
  if (!state.topologyDrawn) tasks.push(refreshTopology());
  const results = await Promise.allSettled(tasks);
  results.filter((r) => r.status === 'rejected').forEach((r) => report(r.reason));
  state.cycle++;
  const banner = document.getElementById('auth-error');
  if (state.authProblem) {
    const p = state.authProblem;
    banner.textContent = p.status === 401
      ? '401 Unauthorized: the API needs a valid token (' + p.message + '). Paste one above and press Save.'
      : '403 Forbidden: the token lacks a scope this page needs (query, ops): ' + p.message;
    banner.hidden = false;
  } else {
    banner.hidden = true;
  }
  document.getElementById('status').textContent = state.lastError
    ? 'updated ' + new Date().toLocaleTimeString() + ' — ' + state.lastError
    : 'updated ' + new Date().toLocaleTimeString();
}

function start() {
  const input = document.getElementById('token');
  input.value = token();
  document.getElementById('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    localStorage.setItem(TOKEN_KEY, input.value.trim());
    state.topologyDrawn = false;
    state.cycle = 0;
    refresh();
  });
  document.getElementById('metric').addEventListener('change', (event) => {
    state.metric = event.target.value;
    refreshChart().catch(report);
  });
  const loop = async () => {
    try {
      await refresh();
    } finally {
      setTimeout(loop, REFRESH_MS);
    }
  };
  loop();
}

start();
