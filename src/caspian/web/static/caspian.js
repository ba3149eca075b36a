// Caspian pages: charts (uPlot) and graphs (d3-force, drawn as SVG) from JSON data blocks.
// Text goes in through textContent only, so nothing from an article is parsed as HTML.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";

  function data(el) {
    const block = document.getElementById(el.dataset.source);
    return block ? JSON.parse(block.textContent) : null;
  }

  function seconds(day) {
    const t = Date.parse(day.length === 7 ? day + "-01" : day);
    return Number.isNaN(t) ? null : t / 1000;
  }

  function width(el) {
    return Math.max(320, el.clientWidth - 20);
  }

  function timeline(el) {
    const rows = data(el) || [];
    const xs = [], ys = [];
    for (const r of rows) {
      const t = seconds(r.month);
      if (t !== null) { xs.push(t); ys.push(r.mentions); }
    }
    if (!xs.length) return;
    new uPlot({
      width: width(el), height: 200,
      series: [{}, { label: "mentions", stroke: "#0b5c7a", fill: "rgba(11,92,122,0.15)", points: { size: 7 } }],
      axes: [{}, { label: "mentions" }],
      scales: { x: { time: true } },
    }, [xs, ys], el);
  }

  const COLOURS = ["#0b5c7a", "#d9480f", "#2f9e44", "#862e9c", "#e67700", "#1971c2", "#c2255c", "#5c940d"];

  function factsChart(el) {
    const series = data(el) || [];
    if (!series.length) return;
    const times = [...new Set(series.flatMap(s => s.points.map(p => seconds(p.t))).filter(t => t !== null))].sort((a, b) => a - b);
    const columns = series.map(s => {
      const at = new Map(s.points.map(p => [seconds(p.t), p]));
      return times.map(t => (at.has(t) ? at.get(t).v : null));
    });
    const pointAt = series.map(s => new Map(s.points.map(p => [seconds(p.t), p])));
    const plot = new uPlot({
      width: width(el), height: 320,
      scales: { x: { time: true } },
      series: [{}, ...series.map((s, i) => ({
        label: s.label, stroke: COLOURS[i % COLOURS.length], width: 2, spanGaps: true,
        points: { size: 8, fill: COLOURS[i % COLOURS.length] },
      }))],
      axes: [{}, { size: 70 }],
      cursor: { focus: { prox: 24 } },
      focus: { alpha: 0.3 },
    }, [times, ...columns], el);
    plot.over.addEventListener("click", () => {
      const idx = plot.cursor.idx;
      if (idx == null) return;
      const order = [...series.keys()].sort((a, b) => (plot.series[b + 1]._focus ? 1 : 0) - (plot.series[a + 1]._focus ? 1 : 0));
      for (const i of order) {
        const p = pointAt[i].get(times[idx]);
        if (p) { window.location.href = "/articles/" + encodeURIComponent(p.article) + (p.start != null ? "#at-" + p.start : ""); return; }
      }
    });
  }

  function graph(el) {
    const g = data(el);
    if (!g || !g.nodes.length || typeof d3 === "undefined") return;
    const w = el.clientWidth || 800, h = el.clientHeight || 500;
    el.setAttribute("viewBox", `0 0 ${w} ${h}`);
    const nodes = g.nodes.map(n => ({ ...n }));
    const links = g.edges.map(e => ({ ...e }));
    const sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id(d => d.id).distance(90))
      .force("charge", d3.forceManyBody().strength(-260))
      .force("center", d3.forceCenter(w / 2, h / 2))
      .force("collide", d3.forceCollide(22))
      .force("x", d3.forceX(w / 2).strength(0.07))
      .force("y", d3.forceY(h / 2).strength(0.1))
      .stop();
    for (let i = 0; i < 300; i++) sim.tick();
    const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
    for (const n of nodes) { n.x = clamp(n.x, 20, w - 150); n.y = clamp(n.y, 20, h - 20); }
    for (const l of links) {
      const line = document.createElementNS(SVG, "line");
      line.setAttribute("x1", l.source.x); line.setAttribute("y1", l.source.y);
      line.setAttribute("x2", l.target.x); line.setAttribute("y2", l.target.y);
      line.setAttribute("stroke-width", String(Math.min(8, 1 + Math.log2(l.weight || 1) * 1.5)));
      el.appendChild(line);
    }
    nodes.forEach((n, i) => {
      const group = document.createElementNS(SVG, "g");
      const target = n.entity ? document.createElementNS(SVG, "a") : group;
      if (n.entity) { target.setAttribute("href", "/entities/" + n.entity); group.appendChild(target); }
      const dot = document.createElementNS(SVG, "circle");
      dot.setAttribute("cx", n.x); dot.setAttribute("cy", n.y);
      dot.setAttribute("r", String(Math.min(16, 5 + 2 * Math.sqrt(n.events || 1))));
      if (i === 0 && el.classList.contains("small")) dot.setAttribute("class", "centre");
      const title = document.createElementNS(SVG, "title");
      title.textContent = n.label + (n.events ? ` (${n.events})` : "");
      dot.appendChild(title);
      const label = document.createElementNS(SVG, "text");
      label.setAttribute("x", n.x + 9); label.setAttribute("y", n.y + 4);
      label.textContent = n.label;
      target.appendChild(dot); target.appendChild(label);
      el.appendChild(group);
    });
    el.dataset.drawn = String(nodes.length);
  }

  function start() {
    document.querySelectorAll("#timeline-chart").forEach(timeline);
    document.querySelectorAll("#facts-chart").forEach(factsChart);
    document.querySelectorAll("svg.graph").forEach(graph);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
