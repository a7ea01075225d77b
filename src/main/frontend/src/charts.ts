// Live charts: several signals per chart, a selectable time window, drawn with uPlot.

import uPlot from "uplot";
import { align, Series } from "./series";

const COLORS = ["#1f6feb", "#cf222e", "#1a7f37", "#9a6700", "#8250df", "#0a7ea4", "#bf3989", "#57606a"];
const WINDOWS: [number, string][] = [
  [10, "10 s"],
  [30, "30 s"],
  [60, "1 min"],
  [300, "5 min"],
  [600, "10 min"],
];

export interface SeriesRef {
  key: string;
  label: string;
  unit: string;
}

export class Chart {
  readonly el: HTMLElement;
  readonly refs: SeriesRef[] = [];
  windowS = 60;
  private plot: uPlot | null = null;
  private readonly plotEl: HTMLElement;
  private readonly legend: HTMLUListElement;

  constructor(
    readonly id: number,
    private readonly store: Map<string, Series>,
    onRemove: (c: Chart) => void,
    onRemoveSeries: (c: Chart, key: string) => void,
  ) {
    this.el = document.createElement("div");
    this.el.className = "chart";
    this.el.dataset.chart = String(id);
    const head = document.createElement("div");
    head.className = "chart-head";
    const title = document.createElement("span");
    title.className = "title";
    title.textContent = `Chart ${id}`;
    const win = document.createElement("select");
    win.className = "window";
    win.title = "Time window";
    for (const [s, label] of WINDOWS) {
      const o = new Option(label, String(s), s === this.windowS, s === this.windowS);
      win.add(o);
    }
    win.onchange = () => {
      this.windowS = Number(win.value);
      this.render();
    };
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Remove chart";
    close.onclick = () => onRemove(this);
    head.append(title, win, close);
    this.plotEl = document.createElement("div");
    this.legend = document.createElement("ul");
    this.legend.className = "series";
    this.legend.onclick = (ev) => {
      const btn = (ev.target as HTMLElement).closest("button[data-remove]") as HTMLButtonElement | null;
      if (btn) {
        onRemoveSeries(this, btn.dataset.remove!);
      }
    };
    this.el.append(head, this.plotEl, this.legend);
  }

  has(key: string): boolean {
    return this.refs.some((r) => r.key === key);
  }

  add(ref: SeriesRef): void {
    if (!this.has(ref.key)) {
      this.refs.push(ref);
      this.rebuild();
    }
  }

  remove(key: string): void {
    const i = this.refs.findIndex((r) => r.key === key);
    if (i >= 0) {
      this.refs.splice(i, 1);
      this.rebuild();
    }
  }

  destroy(): void {
    this.plot?.destroy();
    this.plot = null;
    this.el.remove();
  }

  /** Series changed: uPlot is rebuilt (cheap, and far rarer than data updates). */
  private rebuild(): void {
    this.plot?.destroy();
    this.legend.replaceChildren();
    this.refs.forEach((r, i) => {
      const li = document.createElement("li");
      li.dataset.key = r.key;
      li.dataset.points = "0";
      const sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = COLORS[i % COLORS.length];
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = r.label;
      const last = document.createElement("span");
      last.className = "last";
      const rm = document.createElement("button");
      rm.type = "button";
      rm.dataset.remove = r.key;
      rm.title = "Remove from chart";
      rm.textContent = "×";
      li.append(sw, name, document.createTextNode(" "), last, rm);
      this.legend.append(li);
    });
    const opts: uPlot.Options = {
      width: Math.max(300, this.el.clientWidth - 20 || 800),
      height: 220,
      legend: { show: false },
      scales: { x: { time: true } },
      series: [
        {},
        ...this.refs.map((r, i) => ({
          label: r.unit ? `${r.label} [${r.unit}]` : r.label,
          stroke: COLORS[i % COLORS.length],
          width: 1.5,
          spanGaps: true,
        })),
      ],
      axes: [{}, { size: 60 }],
    };
    this.plot = new uPlot(opts, [[], ...this.refs.map(() => [])], this.plotEl);
    this.render();
  }

  /** Draws the window ending at the newest value of any of its series (data time, not wall time). */
  render(): void {
    if (!this.plot) {
      return;
    }
    const series = this.refs.map((r) => this.store.get(r.key) ?? new Series());
    let to = -Infinity;
    for (const s of series) {
      const t = s.lastT();
      if (t > to) {
        to = t;
      }
    }
    if (!Number.isFinite(to)) {
      return;
    }
    const from = to - this.windowS;
    const data = align(series, from, to);
    this.plot.setData(data as uPlot.AlignedData, false);
    this.plot.setScale("x", { min: from, max: to });
    const items = this.legend.children;
    series.forEach((s, i) => {
      const li = items[i] as HTMLElement;
      const points = data[i + 1].filter((v) => v !== null).length;
      li.dataset.points = String(points);
      li.dataset.last = String(s.lastV());
      (li.querySelector(".last") as HTMLElement).textContent = formatValue(s.lastV());
    });
  }

  resize(): void {
    this.plot?.setSize({ width: Math.max(300, this.el.clientWidth - 20), height: 220 });
  }
}

export function formatValue(v: number): string {
  if (!Number.isFinite(v)) {
    return String(v);
  }
  return Number.isInteger(v) ? String(v) : String(parseFloat(v.toPrecision(10)));
}
