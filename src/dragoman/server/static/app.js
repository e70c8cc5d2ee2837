// dragoman dashboard: every view reads the JSON API with the filters kept in the page URL.
// Record text always goes into the page through textContent (d3 .text()), never as HTML.
"use strict";

// "place" is set by a click on the map, shown in the bar, and cleared with the other filters.
// "exclude_cameo" is the "hide said" box (010, the plain statements).
const FILTERS = ["actor", "source", "target", "cameo", "exclude_cameo", "quad", "since", "until", "text", "place"];
// Statements have a speaker, a date and a content, no target, code or place.
const STATEMENT_FILTERS = ["actor", "source", "since", "until", "text"];
const QUADS = {
  1: { name: "verbal cooperation", color: "#6aaed6" },
  2: { name: "material cooperation", color: "#1f5fa8" },
  3: { name: "verbal conflict", color: "#f0a04b" },
  4: { name: "material conflict", color: "#c8392b" },
};
const PAGE_SIZE = 50;
const tooltip = document.getElementById("tooltip");

// ---- URL state --------------------------------------------------------------------------------------
function state() {
  return new URLSearchParams(window.location.search);
}

function filterParams(from) {
  const source = from || state();
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = source.get(name);
    if (value) params.set(name, value);
  }
  return params;
}

function navigate(changes, { replace = false } = {}) {
  const params = state();
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === "") params.delete(key);
    else params.set(key, String(value));
  }
  const url = `${window.location.pathname}?${params.toString()}`;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render();
}

// ---- API ----------------------------------------------------------------------------------------------
let pending = new Set();

async function api(path, params) {
  const url = params && [...params].length ? `${path}?${params.toString()}` : path;
  pending.add(url);
  document.body.dataset.loading = "1";
  try {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok || body.ok === false) throw new Error(body.error || `${response.status} ${url}`);
    return body;
  } finally {
    pending.delete(url);
    if (!pending.size) delete document.body.dataset.loading;
  }
}

function showError(error) {
  const box = document.getElementById("error");
  box.textContent = error ? String(error.message || error) : "";
  box.hidden = !error;
}

// ---- names beside codes ------------------------------------------------------------------------------
// CAMEO names, QuadClass names and PLOVER types (GET api/codes), read once.
let codes = { cameo: {}, quad: {}, plover: {} };
const codesLoaded = fetch("api/codes").then((r) => r.json()).then((body) => { codes = body; }).catch(() => {});

function cameoName(code) {
  return (codes.cameo[code] || "").replace(", not specified below", "");
}

function quadName(quad) {
  return codes.quad[String(quad)] || QUADS[quad]?.name || "";
}

function dateLabel(record) {
  // A date known only to the month or the year says so: "2014 (year)", not a fake 2014-01-01.
  const day = record.date || record.day;
  if (!day) return "—";
  const precision = record.date_precision;
  if (precision === "year") return `${day.slice(0, 4)} (year)`;
  if (precision === "month") return `${day.slice(0, 7)} (month)`;
  if (precision === "week") return `${day} (week)`;
  return day;
}

// ---- helpers --------------------------------------------------------------------------------------
function isWebAddress(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:";
  } catch {
    return false;
  }
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "title") node.title = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function actorLabel(ref) {
  if (!ref) return "—";
  return ref.name || ref.text;
}

function fmt(value, digits = 1) {
  return value === null || value === undefined ? "—" : Number(value).toFixed(digits);
}

function showTip(event, text) {
  tooltip.textContent = text;
  tooltip.hidden = false;
  tooltip.style.left = `${event.clientX + 12}px`;
  tooltip.style.top = `${event.clientY + 12}px`;
}

function hideTip() {
  tooltip.hidden = true;
}

function addDays(iso, days) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function periodEnd(start, per) {
  // Periods are a day (YYYY-MM-DD), the Monday of a week, or a month (YYYY-MM, which the API reads as a range).
  return per === "week" ? addDays(start, 6) : start;
}

function nextPeriod(period, per) {
  if (per === "day") return addDays(period, 1);
  if (per === "week") return addDays(period, 7);
  const [year, month] = period.split("-").map(Number);
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
}

function allPeriods(present, per) {
  // Every period from the first to the last, so that a quiet stretch shows as a gap, not as nothing.
  const limit = 3000;
  const periods = [present[0]];
  const last = present[present.length - 1];
  while (periods[periods.length - 1] < last && periods.length < limit) {
    periods.push(nextPeriod(periods[periods.length - 1], per));
  }
  return periods.length < limit ? periods : present;
}

function goldsteinColor(value) {
  // Conflict red, cooperation blue, on the Goldstein scale (-10..+10).
  return d3.interpolateRdBu((Math.max(-10, Math.min(10, value || 0)) + 10) / 20);
}

function emptyMessage(container, text) {
  container.replaceChildren(el("div", { class: "empty" }, text));
}

// ---- timeline ----------------------------------------------------------------------------------------
async function renderTimeline() {
  const container = document.getElementById("timeline");
  const per = state().get("per") || "week";
  document.querySelectorAll("#per button").forEach((b) => b.classList.toggle("active", b.dataset.per === per));
  const imprecise = state().get("imprecise") === "1";
  const everything = totalEvents();
  const params = filterParams();
  params.set("group_by", "quad_class");
  params.set("per", per);
  // Dates known only to a month or a year would pile up on its first day: off the timeline unless asked.
  if (!imprecise) params.set("date_precision", "day,week");
  const compare = state().get("compare");
  const series = compare ? comparisonSeries(per, imprecise, compare) : Promise.resolve(null);
  const body = await api("api/aggregates", params);
  const rows = body.rows.filter((r) => r.period);
  const dated = d3.sum(rows, (r) => r.events);
  const left = d3.sum((await everything).rows, (r) => r.events) - dated;
  container.dataset.total = String(dated);
  const note = document.getElementById("undated");
  note.replaceChildren();
  if (left > 0) {
    const why = imprecise ? "without a date" : "without a date or dated only to a month or a year";
    note.append(`${left.toLocaleString("en")} events ${why} are not on the timeline. `);
  }
  const toggle = el("button", { type: "button", class: "linkish", id: "imprecise-toggle" },
    imprecise ? "leave out month- and year-precision dates" : "show month- and year-precision dates");
  toggle.addEventListener("click", () => navigate({ imprecise: imprecise ? null : "1" }));
  note.append(toggle);
  const lines = await series;
  container.dataset.periods = String(new Set(rows.map((r) => r.period)).size);
  if (!rows.length) return emptyMessage(container, "No dated events match these filters.");

  const periods = allPeriods([...new Set(rows.map((r) => r.period))].sort(), per);
  const byPeriod = new Map(periods.map((p) => [p, { period: p, 1: 0, 2: 0, 3: 0, 4: 0, gsum: 0, n: 0 }]));
  for (const r of rows) {
    const slot = byPeriod.get(r.period);
    slot[r.quad_class] += r.events;
    if (r.goldstein_mean !== null) {
      slot.gsum += r.goldstein_mean * r.events;
      slot.n += r.events;
    }
  }
  const data = periods.map((p) => byPeriod.get(p));
  const width = Math.max(600, container.clientWidth || 900);
  const height = 240;
  const margin = { top: 10, right: 44, bottom: 26, left: 40 };
  const x = d3.scaleBand().domain(periods).range([margin.left, width - margin.right]).padding(0.15);
  const lineMax = lines ? d3.max(lines.flatMap((l) => [...l.counts.values()])) || 0 : 0;
  const yMax = Math.max(d3.max(data, (d) => d[1] + d[2] + d[3] + d[4]) || 1, lineMax);
  const y = d3.scaleLinear().domain([0, yMax]).nice().range([height - margin.bottom, margin.top]);
  const g = d3.scaleLinear().domain([-10, 10]).range([height - margin.bottom, margin.top]);
  const stack = d3.stack().keys([1, 2, 3, 4])(data);

  const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]).attr("role", "img");
  svg.append("g").selectAll("g").data(stack).join("g")
    .attr("fill", (s) => QUADS[s.key].color)
    .selectAll("rect").data((s) => s.map((d) => Object.assign(d, { quad: s.key }))).join("rect")
    .attr("class", "bar")
    .attr("data-period", (d) => d.data.period)
    .attr("data-quad", (d) => d.quad)
    .attr("x", (d) => x(d.data.period))
    .attr("y", (d) => y(d[1]))
    .attr("height", (d) => Math.max(0, y(d[0]) - y(d[1])))
    .attr("width", x.bandwidth())
    .on("mousemove", (event, d) => showTip(event,
      `${d.data.period} (${per})\n${QUADS[d.quad].name}: ${d.data[d.quad]} events\nclick: list these events`))
    .on("mouseleave", hideTip)
    .on("click", (event, d) => {
      hideTip();
      navigate({ since: d.data.period, until: periodEnd(d.data.period, per), quad: d.quad, view: "events", offset: null });
    });

  const line = data.filter((d) => d.n);
  svg.append("path").datum(data).attr("class", "goldstein-line")
    .attr("d", d3.line().defined((d) => d.n).x((d) => x(d.period) + x.bandwidth() / 2).y((d) => g(d.gsum / d.n)));
  svg.append("g").selectAll("circle").data(line).join("circle").attr("class", "goldstein-dot").attr("r", 2.5)
    .attr("cx", (d) => x(d.period) + x.bandwidth() / 2).attr("cy", (d) => g(d.gsum / d.n))
    .on("mousemove", (event, d) => showTip(event, `${d.period}: mean Goldstein ${fmt(d.gsum / d.n, 2)}`))
    .on("mouseleave", hideTip);

  if (lines) {
    // Two actors side by side: their events per period, as lines over the bars.
    for (const [index, l] of lines.entries()) {
      const points = periods.map((p) => ({ period: p, n: l.counts.get(p) || 0 }));
      svg.append("path").datum(points).attr("class", `compare-line compare-${index}`)
        .attr("data-actor", l.actor)
        .attr("d", d3.line().x((d) => x(d.period) + x.bandwidth() / 2).y((d) => y(d.n)));
    }
    document.getElementById("compare-legend").replaceChildren(...lines.map((l, index) =>
      el("span", {}, el("span", { class: `swatch compare-${index}` }), `${l.actor}: ${l.total.toLocaleString("en")} events`)));
  } else {
    document.getElementById("compare-legend").replaceChildren();
  }

  const every = Math.ceil(periods.length / Math.max(1, Math.floor(width / 80)));
  svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`)
    .call(d3.axisBottom(x).tickValues(periods.filter((_, i) => i % every === 0)));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).ticks(5, "~s"));
  svg.append("g").attr("class", "axis").attr("transform", `translate(${width - margin.right},0)`)
    .call(d3.axisRight(g).ticks(5));
  container.replaceChildren(svg.node());
}

async function comparisonSeries(per, imprecise, compare) {
  // Events per period of the filter bar's actor and of the one to compare it with, under the other filters.
  const first = state().get("actor");
  const actors = first ? [first, compare] : [compare];
  return Promise.all(actors.map(async (actor) => {
    const params = filterParams();
    params.set("actor", actor);
    params.set("per", per);
    if (!imprecise) params.set("date_precision", "day,week");
    const body = await api("api/aggregates", params);
    const counts = new Map(body.rows.filter((r) => r.period).map((r) => [r.period, r.events]));
    return { actor, counts, total: d3.sum(body.rows, (r) => r.events) };
  }));
}

function renderTimelineLegend() {
  const legend = document.getElementById("timeline-legend");
  legend.replaceChildren(
    ...Object.entries(QUADS).map(([q, info]) =>
      el("span", {}, el("span", { class: "swatch", style: `background:${info.color}` }), `${q} ${info.name}`)),
    el("span", {}, "— mean Goldstein (right axis, −10 conflict … +10 cooperation)"),
  );
}

// ---- network ----------------------------------------------------------------------------------------
async function renderNetwork() {
  const container = document.getElementById("network");
  // Nodes are actors (Trump and Clinton apart, though both USAELI), or codes with "by code".
  const byCode = state().get("network") === "codes";
  document.querySelectorAll("#network-by button").forEach((b) => b.classList.toggle("active", (b.dataset.by === "codes") === byCode));
  const params = filterParams();
  params.set("group_by", byCode ? "dyad" : "actor_dyad");
  params.set("limit", "80");
  const body = await api("api/aggregates", params);
  const ends = byCode
    ? (r) => [[r.source_code, r.source_code, r.source_code], [r.target_code, r.target_code, r.target_code]]
    : (r) => [[r.source_actor_id, r.source_name || r.source_actor_id, r.source_code], [r.target_actor_id, r.target_name || r.target_actor_id, r.target_code]];
  const rows = body.rows.filter((r) => ends(r).every(([id]) => id));
  container.dataset.edges = String(rows.length);
  if (!rows.length) return emptyMessage(container, "No coded actor-to-actor events match these filters.");

  const nodes = new Map();
  for (const r of rows) {
    for (const [id, name, code] of ends(r)) {
      if (!nodes.has(id)) nodes.set(id, { id, name, code, count: 0 });
      nodes.get(id).count += r.events;
    }
  }
  const links = rows.map((r) => {
    const [[source], [target]] = ends(r);
    return { source, target, count: r.events, goldstein_mean: r.goldstein_mean };
  });
  const width = Math.max(420, container.clientWidth || 560);
  const height = 380;
  const maxCount = d3.max(links, (l) => l.count);
  const widthScale = d3.scaleSqrt().domain([1, maxCount]).range([1.2, 9]);
  const radius = d3.scaleSqrt().domain([1, d3.max([...nodes.values()], (n) => n.count)]).range([4, 16]);

  const simulation = d3.forceSimulation([...nodes.values()])
    .force("link", d3.forceLink(links).id((n) => n.id).distance(140).strength(0.3))
    .force("charge", d3.forceManyBody().strength(-500))
    .force("center", d3.forceCenter(width / 2, height / 2))
    .force("collide", d3.forceCollide((n) => radius(n.count) + 6))
    .stop();
  // A fixed number of ticks computed up front: a still, reproducible layout instead of an animation;
  // then the layout is stretched to fill the box (labels need room on the right).
  for (let i = 0; i < 300; i += 1) simulation.tick();
  const all = [...nodes.values()];
  const [x0, x1] = d3.extent(all, (n) => n.x);
  const [y0, y1] = d3.extent(all, (n) => n.y);
  const fitX = d3.scaleLinear().domain(x0 === x1 ? [x0 - 1, x1 + 1] : [x0, x1]).range([30, width - 90]);
  const fitY = d3.scaleLinear().domain(y0 === y1 ? [y0 - 1, y1 + 1] : [y0, y1]).range([24, height - 24]);
  for (const n of all) {
    n.x = fitX(n.x);
    n.y = fitY(n.y);
  }

  const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]);
  const defs = svg.append("defs");
  const arrowColors = new Map();
  function arrow(color) {
    if (!arrowColors.has(color)) {
      const id = `arrow-${arrowColors.size}`;
      arrowColors.set(color, id);
      defs.append("marker").attr("id", id).attr("viewBox", "0 -4 8 8").attr("refX", 8).attr("refY", 0)
        .attr("markerUnits", "userSpaceOnUse").attr("markerWidth", 9).attr("markerHeight", 9).attr("orient", "auto")
        .append("path").attr("d", "M0,-4L8,0L0,4").attr("fill", color);
    }
    return `url(#${arrowColors.get(color)})`;
  }
  svg.append("g").selectAll("path").data(links).join("path")
    .attr("class", "link")
    .attr("data-source", (l) => l.source.id)
    .attr("data-target", (l) => l.target.id)
    .attr("stroke", (l) => goldsteinColor(l.goldstein_mean))
    .attr("stroke-opacity", (l) => 0.35 + 0.5 * (l.count / maxCount))
    .attr("stroke-width", (l) => widthScale(l.count))
    .attr("marker-end", (l) => arrow(goldsteinColor(l.goldstein_mean)))
    .attr("d", (l) => {
      // Curved, so that A→B and B→A stay apart; stops at the target's rim so the arrow shows.
      const dx = l.target.x - l.source.x;
      const dy = l.target.y - l.source.y;
      const dist = Math.hypot(dx, dy) || 1;
      const r = radius(l.target.count) + 3;
      const tx = l.target.x - (dx / dist) * r;
      const ty = l.target.y - (dy / dist) * r;
      return `M${l.source.x},${l.source.y}A${dist * 1.2},${dist * 1.2} 0 0,1 ${tx},${ty}`;
    })
    .on("mousemove", (event, l) => showTip(event,
      `${l.source.name} → ${l.target.name}\n${l.count} events, mean Goldstein ${fmt(l.goldstein_mean, 2)}\nclick: list them`))
    .on("mouseleave", hideTip)
    .on("click", (event, l) => {
      hideTip();
      navigate({ source: l.source.id, target: l.target.id, actor: null, view: "events", offset: null });
    });

  const node = svg.append("g").selectAll("g").data([...nodes.values()]).join("g")
    .attr("class", "node").attr("transform", (n) => `translate(${n.x},${n.y})`)
    .on("mousemove", (event, n) => showTip(event, `${n.name}${n.code && n.code !== n.name ? ` (${n.code})` : ""}\n${n.count} events in the dyads shown\nclick: filter by this actor`))
    .on("mouseleave", hideTip)
    .on("click", (event, n) => {
      hideTip();
      navigate({ actor: n.id, source: null, target: null, offset: null });
    });
  node.append("circle").attr("r", (n) => radius(n.count));
  node.attr("data-id", (n) => n.id);
  node.append("text").attr("x", (n) => radius(n.count) + 3).attr("y", 3).text((n) => n.name);
  container.replaceChildren(svg.node());
}

// ---- map ----------------------------------------------------------------------------------------------
let worldPromise = null;

async function renderMap() {
  const container = document.getElementById("map");
  worldPromise = worldPromise || fetch("static/vendor/countries-110m.json").then((r) => r.json());
  const params = filterParams();
  params.set("group_by", "place");
  params.set("limit", "500");
  const [world, body] = await Promise.all([worldPromise, api("api/aggregates", params)]);
  const places = body.rows.filter((r) => r.lat !== null && r.lon !== null);
  container.dataset.places = String(places.length);
  const placed = d3.sum(places, (p) => p.events);
  const all = d3.sum((await totalEvents()).rows, (r) => r.events);
  container.dataset.placed = String(placed);
  document.getElementById("map-note").textContent =
    `${placed.toLocaleString("en")} of ${all.toLocaleString("en")} events have a place on the map; ` +
    `${(all - placed).toLocaleString("en")} have none. Scroll or pinch to zoom, drag to pan.`;

  const width = Math.max(420, container.clientWidth || 560);
  const height = Math.round(width * 0.55);
  const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const svg = d3.create("svg").attr("viewBox", [0, 0, width, height]);
  const layer = svg.append("g");
  layer.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
  const countries = topojson.feature(world, world.objects.countries);
  layer.append("g").selectAll("path").data(countries.features).join("path").attr("class", "country").attr("d", path)
    .append("title").text((f) => f.properties.name);
  const size = d3.scaleSqrt().domain([1, d3.max(places, (p) => p.events) || 1]).range([3, 18]);
  const circles = layer.append("g").selectAll("circle").data(places.sort((a, b) => b.events - a.events)).join("circle")
    .attr("class", "place")
    .attr("data-place", (p) => p.place_id)
    .attr("cx", (p) => projection([p.lon, p.lat])[0])
    .attr("cy", (p) => projection([p.lon, p.lat])[1])
    .attr("r", (p) => size(p.events))
    .on("mousemove", (event, p) => showTip(event, `${p.name}${p.country ? `, ${p.country}` : ""}\n${p.events} events\nclick: list them`))
    .on("mouseleave", hideTip)
    .on("click", (event, p) => {
      hideTip();
      navigate({ place: p.place_id, view: "events", offset: null });
    });
  // The busiest places are named; more names appear as the map is zoomed.
  const labels = layer.append("g").selectAll("text").data(places.slice(0, 40)).join("text")
    .attr("class", "place-label")
    .attr("x", (p) => projection([p.lon, p.lat])[0] + size(p.events) + 2)
    .attr("y", (p) => projection([p.lon, p.lat])[1] + 3)
    .text((p) => p.name);
  const showLabels = (k) => labels.attr("display", (_, i) => (i < 6 * k ? null : "none"))
    .attr("font-size", 10 / k).attr("x", (p) => projection([p.lon, p.lat])[0] + (size(p.events) + 2) / k);
  showLabels(1);
  svg.call(d3.zoom().scaleExtent([1, 24]).translateExtent([[0, 0], [width, height]]).on("zoom", (event) => {
    layer.attr("transform", event.transform);
    circles.attr("r", (p) => size(p.events) / event.transform.k).attr("stroke-width", 1 / event.transform.k);
    showLabels(event.transform.k);
    container.dataset.zoom = String(event.transform.k);
  }));
  container.replaceChildren(svg.node());
  if (!places.length) container.append(el("div", { class: "empty" }, "No geocoded events match these filters."));
}

let totalRequest = null;

function totalEvents() {
  // Every event under the filters (by QuadClass): the summary, the map's share and the timeline share it.
  const params = filterParams();
  params.set("group_by", "quad_class");
  const key = params.toString();
  if (!totalRequest || totalRequest.key !== key) totalRequest = { key, promise: api("api/aggregates", params) };
  return totalRequest.promise;
}

// ---- actor card ------------------------------------------------------------------------------------
async function renderActorCard() {
  // The actor of the filter bar, when it names one actor: its codes, roles, counts and top partners.
  const card = document.getElementById("actor-card");
  const value = state().get("actor");
  card.hidden = true;
  if (!value) return;
  const found = await api("api/actors", new URLSearchParams({ actor: value, limit: "2" }));
  if (found.items.length !== 1) return;
  const { actor } = await api(`api/actors/${encodeURIComponent(found.items[0].id)}`, new URLSearchParams({ partners: "8" }));
  const fact = (label, number) => el("span", { class: "fact" }, el("b", {}, number.toLocaleString("en")), label);
  const roles = actor.roles.map((r) => `${r.code}${r.from || r.to ? ` (${r.from || "…"} – ${r.to || "…"})` : ""}`);
  const partners = actor.partners.map((p) => {
    const button = el("button", { type: "button", title: `${p.outgoing} as source, ${p.incoming} as target, mean Goldstein ${fmt(p.goldstein_mean, 2)}` },
      `${p.name || p.actor_id} (${p.events})`);
    button.addEventListener("click", () => navigate({ actor: null, source: actor.id, target: p.actor_id, view: "events", offset: null }));
    return button;
  });
  card.replaceChildren(...[
    el("h2", {}, actor.name || actor.id, " ", el("small", { class: "code" }, actor.code || "")),
    el("span", { class: "sub" }, [actor.kind, actor.country, actor.sector, actor.aliases.length ? `also: ${actor.aliases.join(", ")}` : null].filter(Boolean).join(" · ")),
    el("div", { class: "facts" }, fact("statements", actor.statements), fact("events as source", actor.events_as_source),
      fact("events as target", actor.events_as_target), fact("mentions", actor.mentions)),
    roles.length ? el("div", { class: "sub" }, `roles: ${roles.join("; ")}`) : null,
    partners.length ? el("div", { class: "partners" }, el("span", { class: "sub" }, "meets most (click: their events):"), ...partners) : null,
  ].filter(Boolean));
  card.hidden = false;
}

// ---- tables ------------------------------------------------------------------------------------------
function pager(kind, body, offset) {
  const box = document.querySelector(`.pager[data-for="${kind}"]`);
  const first = body.items.length ? offset + 1 : 0;
  const total = body.total === undefined ? "" : ` of ${body.total.toLocaleString("en")}`;
  const prev = el("button", { type: "button", disabled: offset === 0 }, "‹ previous");
  const next = el("button", { type: "button", disabled: !body.has_more }, "next ›");
  prev.addEventListener("click", () => navigate({ offset: Math.max(0, offset - PAGE_SIZE) || null }));
  next.addEventListener("click", () => navigate({ offset: offset + PAGE_SIZE }));
  box.replaceChildren(prev, el("span", { class: "range" }, `${first}–${offset + body.items.length}${total}`), next,
    exportLinks(kind));
}

// Tables list the newest records first unless a header says otherwise (undated ones last).
const DEFAULT_SORT = "-date";

function currentSort() {
  return state().get("sort") || DEFAULT_SORT;
}

function markSort(kind) {
  // The sorted column's header shows the direction: ▲ ascending, ▼ descending.
  const sort = currentSort();
  document.querySelectorAll(`#${kind}-table th[data-sort]`).forEach((th) => {
    const key = th.dataset.sort;
    th.dataset.direction = sort === key ? "up" : sort === `-${key}` ? "down" : "";
  });
}

function sortBy(key) {
  // A header click sorts by its column, a second click reverses, a third goes back to newest first.
  const sort = currentSort();
  const next = sort === key ? `-${key}` : sort === `-${key}` ? DEFAULT_SORT : key;
  navigate({ sort: next === DEFAULT_SORT ? null : next, offset: null });
}

function exportLinks(kind) {
  // Downloads of every record under the current filters (not only this page), streamed by api/export.
  const names = kind === "statements" ? STATEMENT_FILTERS : FILTERS;
  const link = (format, label) => {
    const params = filterParams();
    for (const name of [...params.keys()]) if (!names.includes(name)) params.delete(name);
    params.set("format", format);
    params.set("records", kind);
    return el("a", { href: `api/export?${params}`, class: "export", "data-format": format, download: "" }, label);
  };
  const formats = kind === "statements" ? [["csv", "CSV"]] : [["csv", "CSV"], ["gdelt", "GDELT"], ["plover", "PLOVER JSON"]];
  return el("span", { class: "exports" }, "download: ", ...formats.map(([format, label]) => link(format, label)));
}

function sourceCell(record) {
  // Where the record comes from: the outlet and the article's headline (a link to it when it has a URL).
  const article = record.article || {};
  return el("td", { class: "origin", title: article.title || "" },
    el("span", {}, article.title || record.article_id),
    el("span", { class: "sub" }, [article.outlet, article.published].filter(Boolean).join(" · ")));
}

function openArticle(articleId, start, end) {
  navigate({ view: "article", article: articleId, span: `${start}-${end}` });
}

function clickable(row, action) {
  // A row opens its article on a click, or on Enter when reached with the keyboard.
  row.tabIndex = 0;
  row.addEventListener("click", action);
  row.addEventListener("keydown", (event) => { if (event.key === "Enter") action(); });
  return row;
}

async function fetchPage(kind, names) {
  // One page of statements or events under the filters that apply to them.
  const params = filterParams();
  for (const name of [...params.keys()]) if (!names.includes(name)) params.delete(name);
  const offset = Number(state().get("offset") || 0);
  params.set("limit", String(PAGE_SIZE));
  params.set("offset", String(offset));
  params.set("total", "true");
  params.set("sort", currentSort());
  markSort(kind);
  return [await api(`api/${kind}`, params), offset];
}

async function renderStatements() {
  const [body, offset] = await fetchPage("statements", STATEMENT_FILTERS);
  const ignored = FILTERS.filter((name) => state().get(name) && !STATEMENT_FILTERS.includes(name));
  const note = document.getElementById("statements-note");
  note.textContent = ignored.length ? `Event filters (${ignored.join(", ")}) do not apply to statements.` : "";
  const tbody = document.querySelector("#statements-table tbody");
  tbody.replaceChildren(...body.items.map((s) => {
    const speaker = s.speaker ? el("td", {}, actorLabel(s.speaker),
      s.speaker.code ? el("span", { class: "sub code" }, s.speaker.code) : null,
      s.speaker.name && s.speaker.name !== s.speaker.text ? el("span", { class: "sub" }, `as “${s.speaker.text}”`) : null)
      : el("td", {}, "—");
    const row = el("tr", { "data-id": s.id, "data-article": s.article_id },
      el("td", {}, s.day || "—"),
      speaker,
      el("td", {}, s.cue.text),
      el("td", { title: s.content.text }, s.content.text),
      el("td", {}, s.kind),
      sourceCell(s));
    return clickable(row, () => openArticle(s.article_id, s.content.start, s.content.end));
  }));
  if (!body.items.length) tbody.append(el("tr", {}, el("td", { colSpan: 6, class: "empty" }, "No statements match these filters.")));
  pager("statements", body, offset);
  showMatched(body.matched);
  document.getElementById("summary").textContent = `${body.total.toLocaleString("en")} statements match`;
}

async function renderEvents() {
  const [body, offset] = await fetchPage("events", FILTERS);
  const tbody = document.querySelector("#events-table tbody");
  tbody.replaceChildren(...body.items.map((e) => {
    const actorCell = (ref) => el("td", {}, actorLabel(ref), ref && ref.code ? el("span", { class: "sub code" }, ref.code) : null);
    const row = el("tr", { "data-id": e.id, "data-article": e.article_id },
      el("td", { class: "date" }, dateLabel(e)),
      actorCell(e.source),
      el("td", {}, e.negated ? `not ${e.action.text}` : e.action.text),
      actorCell(e.target),
      el("td", { class: "cameo" }, el("span", { class: "code" }, e.cameo), el("span", { class: "sub" }, cameoName(e.cameo))),
      el("td", {}, e.plover || "—"),
      el("td", {}, el("span", { class: `quad quad-${e.quad_class}`, title: quadName(e.quad_class) }, e.quad_class),
        el("span", { class: "sub" }, quadName(e.quad_class))),
      el("td", {}, fmt(e.goldstein)),
      sourceCell(e));
    return clickable(row, () => openArticle(e.article_id, e.action.start, e.action.end));
  }));
  if (!body.items.length) tbody.append(el("tr", {}, el("td", { colSpan: 9, class: "empty" }, "No events match these filters.")));
  pager("events", body, offset);
  showMatched(body.matched);
}

// ---- article ---------------------------------------------------------------------------------------
function highlightSpans(body) {
  const spans = [];
  const add = (span, cls, label) => {
    if (span && span.end > span.start) spans.push({ start: span.start, end: span.end, cls, label });
  };
  for (const s of body.statements) {
    add(s.content, "hl-content", `content of a ${s.kind} statement`);
    add(s.cue, "hl-cue", `cue “${s.cue.lemma}”`);
    if (s.speaker) add(s.speaker, "hl-speaker", `speaker: ${actorLabel(s.speaker)}${s.speaker.code ? ` (${s.speaker.code})` : ""}`);
  }
  for (const m of body.mentions) add(m, "hl-mention", `actor: ${m.name || m.text}${m.code ? ` (${m.code})` : ""} [${m.how}]`);
  for (const e of body.events) {
    add(e.action, "hl-event", `event ${e.cameo} ${cameoName(e.cameo)} (${e.plover || "no PLOVER type"}): ${actorLabel(e.source)} → ${actorLabel(e.target)}`);
  }
  for (const p of body.places) add(p, "hl-place", `place: ${p.name}${p.country ? `, ${p.country}` : ""} (${p.precision})`);
  return spans;
}

function renderText(text, spans, sentences, focus) {
  // Cut the text at every span boundary; each piece carries the classes of the spans covering it.
  const container = document.getElementById("article-text");
  const ranges = sentences.length ? sentences.map((s) => ({ start: s.start, end: s.end, index: s.index }))
    : [{ start: 0, end: text.length, index: 0 }];
  const pieces = [];
  let cursor = 0;
  for (const range of ranges) {
    if (range.start > cursor) pieces.push(document.createTextNode(text.slice(cursor, range.start)));
    const isFocus = focus && focus.start < range.end && focus.end > range.start;
    const sentence = el("span", { class: isFocus ? "sentence focus" : "sentence", "data-index": range.index });
    const inside = spans.filter((s) => s.start < range.end && s.end > range.start);
    const cuts = new Set([range.start, range.end]);
    for (const s of inside) {
      cuts.add(Math.max(s.start, range.start));
      cuts.add(Math.min(s.end, range.end));
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i += 1) {
      const [a, b] = [points[i], points[i + 1]];
      const covering = inside.filter((s) => s.start <= a && s.end >= b);
      const piece = text.slice(a, b);
      if (!covering.length) {
        sentence.append(document.createTextNode(piece));
      } else {
        const node = el("span", {
          class: [...new Set(covering.map((s) => s.cls))].join(" "),
          title: [...new Set(covering.map((s) => s.label))].join("\n"),
          "data-start": a,
          "data-end": b,
        }, piece);
        sentence.append(node);
      }
    }
    pieces.push(sentence);
    cursor = Math.max(cursor, range.end);
  }
  if (cursor < text.length) pieces.push(document.createTextNode(text.slice(cursor)));
  container.replaceChildren(...pieces);
}

function flashSpan(start, end) {
  const target = [...document.querySelectorAll("#article-text [data-start]")]
    .filter((n) => Number(n.dataset.start) >= start && Number(n.dataset.end) <= end);
  target.forEach((n) => {
    n.classList.remove("hl-flash");
    void n.offsetWidth;
    n.classList.add("hl-flash");
  });
  if (target.length) target[0].scrollIntoView({ block: "center", behavior: "smooth" });
}

async function renderArticle() {
  const id = state().get("article");
  const meta = document.getElementById("article-meta");
  if (!id) {
    meta.replaceChildren(el("p", { class: "empty" }, "Click a statement, an event, an edge or a place to open its article."));
    document.getElementById("article-text").replaceChildren();
    document.getElementById("article-records").replaceChildren();
    return;
  }
  const body = await api(`api/articles/${encodeURIComponent(id)}`);
  const article = body.article;
  // Only web addresses become links: a javascript: or data: URL in an article's metadata is shown as text.
  const link = article.url ? (isWebAddress(article.url)
    ? el("a", { href: article.url, rel: "noopener noreferrer", target: "_blank" }, article.url)
    : el("span", { class: "url" }, article.url)) : null;
  meta.replaceChildren(...[
    el("h2", {}, article.title || article.id),
    // The file it was read from is named only when there is no URL, and without its directories.
    el("span", { class: "sub" }, [article.outlet || "outlet unknown", article.published || "undated",
      article.url ? null : article.source.split("/").pop()].filter(Boolean).join(" · ")),
    link,
    article.duplicate_of ? el("span", { class: "sub" }, `near-duplicate of ${article.duplicate_of}`) : null,
  ].filter(Boolean));
  const spanParam = (state().get("span") || "").split("-").map(Number);
  const focus = spanParam.length === 2 && spanParam.every(Number.isFinite) ? { start: spanParam[0], end: spanParam[1] } : null;
  renderText(article.text, highlightSpans(body), body.sentences || [], focus);

  const aside = document.getElementById("article-records");
  const list = (title, items, describe) => {
    if (!items.length) return [el("h3", {}, `${title} (0)`)];
    const ul = el("ul");
    for (const item of items) {
      const [label, start, end] = describe(item);
      const li = el("li", {}, label);
      li.addEventListener("click", () => {
        history.replaceState(null, "", `?${new URLSearchParams({ ...Object.fromEntries(state()), span: `${start}-${end}` })}`);
        renderText(article.text, highlightSpans(body), body.sentences || [], { start, end });
        flashSpan(start, end);
      });
      ul.append(li);
    }
    return [el("h3", {}, `${title} (${items.length})`), ul];
  };
  aside.replaceChildren(
    ...list("Statements", body.statements, (s) =>
      [`${actorLabel(s.speaker)} — ${s.cue.text}: “${s.content.text.slice(0, 140)}${s.content.text.length > 140 ? "…" : ""}”`,
        s.content.start, s.content.end]),
    ...list("Events", body.events, (e) =>
      [`${e.date ? dateLabel(e) : ""} ${actorLabel(e.source)} → ${e.negated ? "not " : ""}${e.action.text} → ${actorLabel(e.target)} [${e.cameo} ${cameoName(e.cameo)}; ${e.plover || ""}; ${quadName(e.quad_class)}]`,
        e.action.start, e.action.end]),
    ...list("Places", body.places, (p) => [`${p.text} → ${p.name}${p.country ? `, ${p.country}` : ""} (${p.precision})`, p.start, p.end]),
  );
  if (focus) flashSpan(focus.start, focus.end);
}

// ---- summary ----------------------------------------------------------------------------------------
async function renderSummary() {
  // The statements tab says how many statements match itself (renderStatements).
  if ((state().get("view") || "overview") === "statements") return;
  const summary = document.getElementById("summary");
  const body = await totalEvents();
  const total = d3.sum(body.rows, (r) => r.events);
  summary.textContent = `${total.toLocaleString("en")} events match`;
  if ((state().get("view") || "overview") === "overview") await renderMatched();
}

async function renderMatched() {
  // Which stored actors the actor filters matched, as the events list reports them.
  const params = filterParams();
  if (!["actor", "source", "target"].some((name) => params.get(name))) return showMatched(null);
  params.set("limit", "1");
  showMatched((await api("api/events", params)).matched);
}

function showMatched(matched) {
  const line = document.getElementById("matched");
  const parts = Object.entries(matched || {}).map(([name, actors]) => (actors.length
    ? `${name} matched: ${actors.slice(0, 6).map((a) => `${a.name} (${a.code || a.id})`).join(", ")}${actors.length > 6 ? ` and ${actors.length - 6} more` : ""}`
    : `${name}: no stored actor has that id, code or name`));
  line.textContent = parts.join(" · ");
  line.hidden = !parts.length;
}

let suggestTimer = null;

function suggestActors(input) {
  // Names (and aliases) as the user types: the knowledge base's stored actors, most active first.
  clearTimeout(suggestTimer);
  const value = input.value.trim();
  if (value.length < 2) return;
  suggestTimer = setTimeout(async () => {
    const body = await api("api/suggest", new URLSearchParams({ q: value, limit: "8" }));
    document.getElementById("actor-suggestions").replaceChildren(
      ...body.items.map((a) => el("option", { value: a.name, label: `${a.name} (${a.code || a.id})` })));
  }, 150);
}

// ---- page ---------------------------------------------------------------------------------------------
function syncForm() {
  const form = document.getElementById("filters");
  const params = state();
  for (const name of FILTERS) if (form.elements[name]) form.elements[name].value = params.get(name) || "";
  form.elements.hide_said.checked = (params.get("exclude_cameo") || "").split(",").includes("010");
  document.getElementById("place-filter").hidden = !params.get("place");
  document.getElementById("compare").value = params.get("compare") || "";
}

let renderToken = 0;

async function render() {
  const token = ++renderToken;
  syncForm();
  const params = state();
  const view = params.get("view") || "overview";
  document.querySelectorAll(".view").forEach((v) => { v.hidden = v.id !== `view-${view}`; });
  document.querySelectorAll("#tabs a").forEach((a) => a.classList.toggle("active", a.dataset.view === view));
  document.getElementById("article-tab").hidden = !params.get("article");
  showError(null);
  const jobs = [renderSummary()];
  if (view === "overview") jobs.push(renderActorCard(), renderTimeline(), renderNetwork(), renderMap());
  else if (view === "statements") jobs.push(renderStatements());
  else if (view === "events") jobs.push(renderEvents());
  else if (view === "article") jobs.push(renderArticle());
  const results = await Promise.allSettled(jobs);
  if (token !== renderToken) return;
  const failed = results.find((r) => r.status === "rejected");
  if (failed) showError(failed.reason);
  document.body.dataset.rendered = String(token);
}

function init() {
  renderTimelineLegend();
  const form = document.getElementById("filters");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const changes = { offset: null };
    for (const name of FILTERS) if (form.elements[name]) changes[name] = form.elements[name].value.trim();
    changes.exclude_cameo = form.elements.hide_said.checked ? "010" : null;
    navigate(changes);
  });
  form.elements.hide_said.addEventListener("change", () => form.requestSubmit());
  for (const name of ["actor", "source", "target"]) {
    form.elements[name].addEventListener("input", (event) => suggestActors(event.target));
  }
  document.getElementById("compare").addEventListener("input", (event) => suggestActors(event.target));
  document.getElementById("compare-form").addEventListener("submit", (event) => {
    event.preventDefault();
    navigate({ compare: document.getElementById("compare").value.trim() || null });
  });
  document.querySelectorAll("#network-by button").forEach((b) => b.addEventListener("click", () =>
    navigate({ network: b.dataset.by === "codes" ? "codes" : null })));
  document.getElementById("reset").addEventListener("click", () => {
    const changes = { offset: null, compare: null };
    for (const name of FILTERS) changes[name] = null;
    navigate(changes);
  });
  document.querySelectorAll("#tabs a").forEach((a) => a.addEventListener("click", (event) => {
    event.preventDefault();
    navigate({ view: a.dataset.view, offset: null, sort: null });
  }));
  document.querySelectorAll("#per button").forEach((b) => b.addEventListener("click", () => navigate({ per: b.dataset.per })));
  document.querySelectorAll("th[data-sort]").forEach((th) => {
    th.tabIndex = 0;
    th.title = "sort by this column (again: reverse, again: newest first)";
    th.addEventListener("click", () => sortBy(th.dataset.sort));
    th.addEventListener("keydown", (event) => { if (event.key === "Enter") sortBy(th.dataset.sort); });
  });
  window.addEventListener("popstate", render);
  codesLoaded.then(render);
}

init();
