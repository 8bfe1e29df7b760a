#include "core/observe/dashboard_page.h"

namespace gw::observe {

std::string_view dashboard_page() {
  static constexpr std::string_view kPage = R"html(<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>gw dashboard</title>
<style>
  :root { --fg: #1b1f24; --dim: #6a737d; --line: #d0d7de; --ok: #1a7f37; --warn: #9a6700;
          --bad: #cf222e; --blue: #0969da; --violet: #8250df; }
  body { font: 14px/1.4 system-ui, sans-serif; color: var(--fg); margin: 16px 24px; }
  h1 { font-size: 18px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 18px 0 6px; }
  .sub { color: var(--dim); margin-bottom: 12px; }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 12px; }
  .card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
  .card b { font-size: 13px; } .card .now { float: right; color: var(--dim); }
  canvas { width: 100%; height: 140px; display: block; }
  canvas.spark { width: 160px; height: 28px; }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); }
  th { color: var(--dim); font-weight: 600; } td.n { text-align: right; }
  .s2 { color: var(--ok); } .s4 { color: var(--warn); } .s5 { color: var(--bad); }
  details pre { margin: 4px 0 8px 16px; color: var(--dim); white-space: pre-wrap; }
  summary { cursor: pointer; font-family: ui-monospace, monospace; font-size: 13px; }
</style>
</head>
<body data-renders="0" data-requests="0">
<h1>gw <span id="api"></span></h1>
<div class="sub">last 5 minutes, <span id="slot"></span>-second buckets; refreshed every second
 &middot; <a href="/metrics">/metrics</a> &middot; <a href="/metrics.json">/metrics.json</a></div>
<div class="charts">
  <div class="card"><b>Requests per second</b><span class="now" id="rps-now"></span>
    <canvas id="rps"></canvas></div>
  <div class="card"><b>Latency p50 / p99 (ms)</b><span class="now" id="lat-now"></span>
    <canvas id="lat"></canvas></div>
  <div class="card"><b>Errors (% of requests): 4XX / 5XX</b><span class="now" id="err-now"></span>
    <canvas id="err"></canvas></div>
  <div class="card"><b>Cache hit ratio (%)</b><span class="now" id="hit-now"></span>
    <canvas id="hit"></canvas></div>
</div>
<h2>Routes</h2>
<table><thead><tr><th>stage and route</th><th>requests</th><th>4XX</th><th>5XX</th>
<th>p50 ms</th><th>p99 ms</th><th>cache hits</th><th>requests/s, errors/s</th>
<th>p99 ms</th></tr></thead><tbody id="routes"></tbody></table>
<h2>Last requests</h2>
<div id="recent"></div>
<script>
"use strict";
const css = getComputedStyle(document.documentElement);
const colour = (name) => css.getPropertyValue(name).trim();
function chart(id, lines, fixedMax) {
  const c = typeof id === "string" ? document.getElementById(id) : id;
  const dpr = window.devicePixelRatio || 1;
  c.width = c.clientWidth * dpr; c.height = c.clientHeight * dpr;
  const g = c.getContext("2d");
  g.scale(dpr, dpr);
  const w = c.clientWidth, h = c.clientHeight, pad = 4;
  let max = fixedMax || 0;
  for (const l of lines) for (const v of l.values) max = Math.max(max, v);
  if (max <= 0) max = 1;
  g.strokeStyle = colour("--line"); g.lineWidth = 1;
  g.beginPath(); g.moveTo(0, h - pad); g.lineTo(w, h - pad); g.stroke();
  if (!c.classList.contains("spark")) {
    g.fillStyle = colour("--dim"); g.font = "11px system-ui";
    g.fillText(max.toPrecision(3), 2, 11);
  }
  let points = 0;
  for (const l of lines) {
    g.strokeStyle = colour(l.colour); g.lineWidth = 2; g.beginPath();
    l.values.forEach((v, i) => {
      const x = (i / Math.max(1, l.values.length - 1)) * w;
      const y = h - pad - (v / max) * (h - 2 * pad - 12);
      if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      if (v > 0) points++;
    });
    g.stroke();
  }
  c.dataset.points = points;
}
const pct = (a, b) => (b > 0 ? (100 * a) / b : 0);
const cell = (text, cls) => { const td = document.createElement("td"); td.textContent = text;
  if (cls) td.className = cls; return td; };
let renders = 0;
function render(d) {
  const s = d.series, secs = d.slotSeconds;
  document.getElementById("api").textContent = d.api;
  document.getElementById("slot").textContent = secs;
  const rps = s.map((x) => x.count / secs);
  chart("rps", [{values: rps, colour: "--blue"}]);
  chart("lat", [{values: s.map((x) => x.p50Ms), colour: "--blue"},
                {values: s.map((x) => x.p99Ms), colour: "--violet"}]);
  chart("err", [{values: s.map((x) => pct(x["4xx"], x.count)), colour: "--warn"},
                {values: s.map((x) => pct(x["5xx"], x.count)), colour: "--bad"}], 100);
  chart("hit", [{values: s.map((x) => pct(x.cacheHits, x.cacheHits + x.cacheMisses)),
                 colour: "--ok"}], 100);
  const last = s[s.length - 1], prev = s[s.length - 2] || last;
  const cur = last.count ? last : prev;
  document.getElementById("rps-now").textContent = (cur.count / secs).toFixed(1) + " req/s";
  document.getElementById("lat-now").textContent = cur.p50Ms + " / " + cur.p99Ms + " ms";
  document.getElementById("err-now").textContent =
    pct(cur["4xx"], cur.count).toFixed(1) + "% / " + pct(cur["5xx"], cur.count).toFixed(1) + "%";
  let hits = 0, misses = 0, total = 0;
  for (const x of s) { hits += x.cacheHits; misses += x.cacheMisses; total += x.count; }
  document.getElementById("hit-now").textContent =
    hits + misses ? pct(hits, hits + misses).toFixed(1) + "% of " + (hits + misses) : "no cache";
  const routes = document.getElementById("routes");
  routes.replaceChildren(...d.routes.map((r) => {
    const tr = document.createElement("tr");
    tr.append(cell(r.route), cell(r.count, "n"), cell(r["4xx"], "n s4"), cell(r["5xx"], "n s5"),
              cell(r.p50Ms, "n"), cell(r.p99Ms, "n"), cell(r.cacheHits, "n"));
    // The route's own charts over the window: requests and errors per second, p99.
    const traffic = document.createElement("canvas"), p99 = document.createElement("canvas");
    traffic.className = p99.className = "spark";
    traffic.dataset.route = p99.dataset.route = r.route;
    const tdT = document.createElement("td"), tdP = document.createElement("td");
    tdT.append(traffic); tdP.append(p99); tr.append(tdT, tdP);
    traffic.lines = [{values: r.series.map((x) => x[0] / secs), colour: "--blue"},
                     {values: r.series.map((x) => x[1] / secs), colour: "--bad"}];
    p99.lines = [{values: r.series.map((x) => x[2]), colour: "--violet"}];
    return tr;
  }));
  for (const c of routes.querySelectorAll("canvas.spark")) chart(c, c.lines);  // now laid out
  const recent = document.getElementById("recent");
  recent.replaceChildren(...d.recent.map((r) => {
    const det = document.createElement("details");
    const sum = document.createElement("summary");
    const status = document.createElement("span");
    status.className = "s" + String(r.status)[0];
    status.textContent = r.status;
    sum.append(new Date(r.time).toLocaleTimeString() + " " + r.method + " " + r.path + " ",
               status, " " + r.latencyMs + " ms " + r.requestId +
               (r.decisions ? "  " + r.decisions : ""));
    const pre = document.createElement("pre");
    pre.textContent = r.trace.length ? r.trace.join("\n") : "(no trace)";
    det.append(sum, pre);
    return det;
  }));
  document.body.dataset.renders = ++renders;
  document.body.dataset.requests = total;
}
async function tick() {
  try {
    const r = await fetch("/dashboard.json", {cache: "no-store"});
    if (r.ok) render(await r.json());
  } catch (e) { /* gw stopped or restarting: try again */ }
  setTimeout(tick, 1000);
}
tick();
</script>
</body>
</html>
)html";
  return kPage;
}

}  // namespace gw::observe
