// Known devices: every device of GET /api/v1/devices (stored logs or an S3 device.json heartbeat)
// and every device of the live catalogue, marked live or not live, with its last heartbeat,
// firmware and SD use.
// Every string from the API goes in through textContent (never innerHTML).

import { getJson } from "./api";

export interface Heartbeat {
  lastSeen?: string;
  firmware?: string | null;
  storageMb?: string | null;
  config?: string | null;
}

export interface KnownDevice {
  device: string;
  lastSeen?: string | null;
  heartbeat?: Heartbeat;
}

const POLL_MS = 30_000;

/** "42 s ago", "3 min ago", "5 h ago", "2 d ago"; the timestamp itself when unreadable. */
export function ago(iso: string, now: number = Date.now()): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) {
    return iso;
  }
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) {
    return `${s} s ago`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ago`;
  }
  if (s < 86400) {
    return `${Math.floor(s / 3600)} h ago`;
  }
  return `${Math.floor(s / 86400)} d ago`;
}

function describe(d: KnownDevice): string {
  const hb = d.heartbeat;
  const parts: string[] = [];
  if (hb?.lastSeen) {
    parts.push(`heartbeat ${ago(hb.lastSeen)}`);
  } else if (d.lastSeen) {
    parts.push(`last data ${ago(d.lastSeen)}`);
  }
  if (hb?.firmware) {
    parts.push(`firmware ${hb.firmware}`);
  }
  if (hb?.storageMb) {
    // CANedge space_used_mb is "used/total".
    parts.push(`SD ${hb.storageMb.replace("/", " / ")} MB`);
  }
  return parts.join(" · ");
}

export class DeviceList {
  private known: KnownDevice[] = [];
  private error = "";
  private timer = 0;

  constructor(
    private readonly el: HTMLUListElement,
    private readonly liveDevices: () => ReadonlySet<string>,
  ) {}

  /** Fetches now, then every 30 s. */
  start(): void {
    window.clearTimeout(this.timer);
    void this.poll();
  }

  private async poll(): Promise<void> {
    try {
      const body = await getJson<{ devices: KnownDevice[] }>("/api/v1/devices");
      this.known = body.devices ?? [];
      this.error = "";
    } catch (e) {
      this.error = `device list unavailable: ${(e as Error).message}`;
    }
    this.render();
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.poll(), POLL_MS);
  }

  /** Redraws (also when the live catalogue changes). */
  render(): void {
    const live = this.liveDevices();
    const listed = new Set(this.known.map((d) => d.device));
    const liveOnly = [...live].filter((d) => !listed.has(d)).map((device) => ({ device }));
    const items = [...this.known, ...liveOnly]
      .sort((a, b) => a.device.localeCompare(b.device))
      .map((d) => this.item(d, live.has(d.device)));
    if (items.length === 0) {
      const li = document.createElement("li");
      li.className = "hint";
      li.textContent = this.error || "No device known yet.";
      items.push(li);
    }
    this.el.replaceChildren(...items);
  }

  private item(d: KnownDevice, live: boolean): HTMLLIElement {
    const li = document.createElement("li");
    li.dataset.device = d.device;
    li.dataset.live = String(live);
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = d.device;
    const badge = document.createElement("span");
    badge.className = live ? "badge live" : "badge";
    badge.textContent = live ? "live" : "not live";
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = describe(d);
    if (d.heartbeat?.firmware) {
      meta.dataset.firmware = d.heartbeat.firmware;
    }
    li.append(name, badge, meta);
    return li;
  }
}
