// Dashboard entry point: connection, device and signal pickers, charts, latest-value table.

import "uplot/dist/uPlot.min.css";
import "./style.css";
import { setToken, token } from "./api";
import { Chart, formatValue } from "./charts";
import { DeviceList } from "./devices";
import { LiveConnection, type ConnState } from "./live";
import { numericValue, type CatalogueMsg, type MessageDef, type Sample, type ServerMsg, type SignalDef } from "./protocol";
import { Series } from "./series";
import { initUpload } from "./upload";

interface Watched {
  key: string;
  device: string;
  message: string;
  signal: SignalDef;
  row: HTMLTableRowElement;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const catalogue = new Map<string, Map<string, MessageDef>>();
const store = new Map<string, Series>();
const watched = new Map<string, Watched>();
const charts: Chart[] = [];
let nextChartId = 1;
let dirty = false;

const deviceSel = $<HTMLSelectElement>("device");
const search = $<HTMLInputElement>("search");
const results = $<HTMLUListElement>("results");
const chartTarget = $<HTMLSelectElement>("chart-target");
const rate = $<HTMLSelectElement>("rate");
const latestBody = document.querySelector("#latest tbody") as HTMLTableSectionElement;
const notice = $<HTMLDivElement>("notice");

const keyOf = (device: string, message: string, signal: string) => `${device}/${message}/${signal}`;

function notify(msg: string): void {
  notice.textContent = msg;
  notice.hidden = false;
  window.clearTimeout((notify as { timer?: number }).timer);
  (notify as { timer?: number }).timer = window.setTimeout(() => (notice.hidden = true), 8000);
}

const conn = new LiveConnection(onServerMessage, onConnState);
const knownDevices = new DeviceList($<HTMLUListElement>("known-devices"), () => new Set(catalogue.keys()));

function onConnState(state: ConnState, detail: string): void {
  const el = $("conn");
  el.dataset.state = state;
  el.textContent = detail;
}

function onServerMessage(m: ServerMsg): void {
  switch (m.type) {
    case "catalogue":
      mergeCatalogue(m);
      break;
    case "samples":
      for (const s of m.samples) {
        onSample(s);
      }
      break;
    case "error":
      notify(`Server: ${m.error}`);
      break;
    default:
      break;
  }
}

function mergeCatalogue(m: CatalogueMsg): void {
  for (const d of m.devices) {
    let msgs = catalogue.get(d.device);
    if (!msgs) {
      msgs = new Map();
      catalogue.set(d.device, msgs);
    }
    for (const msg of d.messages) {
      msgs.set(msg.message, msg);
    }
  }
  refreshDevices();
  refreshResults();
  knownDevices.render();
}

function refreshDevices(): void {
  const current = deviceSel.value;
  const names = [...catalogue.keys()].sort();
  if (names.length === 0) {
    return;
  }
  const have = [...deviceSel.options].map((o) => o.value).filter((v) => v);
  if (have.join("\n") !== names.join("\n")) {
    deviceSel.replaceChildren(...names.map((n) => new Option(n, n)));
  }
  deviceSel.value = current && catalogue.has(current) ? current : names[0];
}

function refreshResults(): void {
  const device = deviceSel.value;
  const msgs = catalogue.get(device);
  results.replaceChildren();
  if (!msgs) {
    const li = document.createElement("li");
    li.className = "hint";
    li.textContent = "No live data yet: start a live source or a replay.";
    results.append(li);
    return;
  }
  const words = search.value.toLowerCase().split(/\s+/).filter((w) => w);
  let shown = 0;
  const sorted = [...msgs.values()].sort((a, b) => a.message.localeCompare(b.message));
  for (const msg of sorted) {
    for (const sig of msg.signals) {
      const hay = `${sig.name} ${msg.message} ${sig.unit}`.toLowerCase();
      if (!words.every((w) => hay.includes(w))) {
        continue;
      }
      if (++shown > 200) {
        break;
      }
      const li = document.createElement("li");
      li.dataset.message = msg.message;
      li.dataset.signal = sig.name;
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = sig.name;
      const meta = document.createElement("span");
      meta.className = "meta";
      meta.textContent = `${msg.message}${sig.unit ? ` · ${sig.unit}` : ""}`;
      const add = document.createElement("button");
      add.type = "button";
      add.textContent = "Add";
      add.onclick = () => addSignal(device, msg.message, sig);
      li.append(name, meta, add);
      results.append(li);
    }
  }
  if (shown === 0) {
    const li = document.createElement("li");
    li.className = "hint";
    li.textContent = "No signal matches.";
    results.append(li);
  }
}

function addSignal(device: string, message: string, signal: SignalDef): void {
  const key = keyOf(device, message, signal.name);
  if (!watched.has(key)) {
    watched.set(key, { key, device, message, signal, row: tableRow(key, device, message, signal) });
    if (!store.has(key)) {
      store.set(key, new Series());
    }
    conn.subscribe({
      type: "subscribe",
      id: key,
      device,
      messages: [message],
      signals: [signal.name],
      maxRate: Number(rate.value),
      mode: "latest",
    });
  }
  let chart = charts.find((c) => String(c.id) === chartTarget.value);
  if (!chart) {
    chart = newChart();
  }
  chart.add({ key, label: signal.name, unit: signal.unit });
  $("latest-empty").hidden = true;
}

function removeSignal(key: string): void {
  const w = watched.get(key);
  if (!w) {
    return;
  }
  w.row.remove();
  watched.delete(key);
  store.delete(key);
  for (const c of charts) {
    c.remove(key);
  }
  conn.unsubscribe(key);
  $("latest-empty").hidden = watched.size > 0;
}

function newChart(): Chart {
  const chart = new Chart(
    nextChartId++,
    store,
    (c) => {
      c.destroy();
      charts.splice(charts.indexOf(c), 1);
      refreshChartTargets();
    },
    (c, key) => c.remove(key),
  );
  charts.push(chart);
  $("charts").append(chart.el);
  refreshChartTargets();
  chartTarget.value = String(chart.id);
  return chart;
}

function refreshChartTargets(): void {
  const current = chartTarget.value;
  chartTarget.replaceChildren(
    new Option("new chart", "new"),
    ...charts.map((c) => new Option(`Chart ${c.id}`, String(c.id))),
  );
  chartTarget.value = [...chartTarget.options].some((o) => o.value === current) ? current : "new";
}

function tableRow(key: string, device: string, message: string, signal: SignalDef): HTMLTableRowElement {
  const tr = document.createElement("tr");
  tr.dataset.key = key;
  const cells = [signal.name, message, device, "", signal.unit, "", "", ""].map((text, i) => {
    const td = document.createElement("td");
    td.className = ["signal", "message", "device", "value num", "unit", "label", "time", ""][i];
    td.textContent = text;
    tr.append(td);
    return td;
  });
  const rm = document.createElement("button");
  rm.type = "button";
  rm.textContent = "Remove";
  rm.onclick = () => removeSignal(key);
  cells[7].append(rm);
  latestBody.append(tr);
  return tr;
}

function onSample(s: Sample): void {
  for (const [name, raw] of Object.entries(s.signals)) {
    const key = keyOf(s.device, s.message, name);
    const w = watched.get(key);
    if (!w) {
      continue;
    }
    const v = numericValue(raw);
    store.get(key)?.push(s.t, v);
    const cells = w.row.cells;
    cells[3].textContent = formatValue(v);
    w.row.dataset.value = String(v);
    w.row.dataset.t = String(s.t);
    const label = Number.isInteger(v) ? w.signal.labels?.[String(v)] : undefined;
    cells[5].textContent = label ?? "";
    cells[6].textContent = new Date(s.t * 1000).toISOString().replace("T", " ").replace("Z", "");
    dirty = true;
  }
}

function renderLoop(): void {
  if (dirty) {
    dirty = false;
    for (const c of charts) {
      c.render();
    }
  }
  window.setTimeout(() => requestAnimationFrame(renderLoop), 100);
}

function route(): void {
  const upload = location.hash === "#upload";
  $("live-view").hidden = upload;
  $("upload-view").hidden = !upload;
  $("nav-live").classList.toggle("active", !upload);
  $("nav-upload").classList.toggle("active", upload);
}

function init(): void {
  const tokenInput = $<HTMLInputElement>("token");
  tokenInput.value = token();
  tokenInput.onchange = () => {
    setToken(tokenInput.value.trim());
    conn.connect();
    knownDevices.start();
  };
  $("reconnect").onclick = () => conn.connect();
  deviceSel.onchange = refreshResults;
  search.oninput = refreshResults;
  window.addEventListener("hashchange", route);
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
  route();
  refreshResults();
  initUpload(notify);
  conn.connect();
  knownDevices.start();
  renderLoop();
}

init();
