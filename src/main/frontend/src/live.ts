// The /ws/live connection: reconnects with backoff and re-sends subscriptions after a reconnect.

import { wsUrl } from "./api";
import type { ServerMsg, SubscribeReq } from "./protocol";

export type ConnState = "connecting" | "connected" | "disconnected";

export class LiveConnection {
  private ws: WebSocket | null = null;
  private readonly subs = new Map<string, SubscribeReq>();
  private retryMs = 500;
  private retryTimer: number | undefined;
  private closedByUs = false;

  constructor(
    private readonly onMessage: (m: ServerMsg) => void,
    private readonly onState: (s: ConnState, detail: string) => void,
  ) {}

  connect(): void {
    clearTimeout(this.retryTimer);
    if (this.ws) {
      this.closedByUs = true;
      this.ws.close();
    }
    this.closedByUs = false;
    this.onState("connecting", "connecting…");
    const ws = new WebSocket(wsUrl("/ws/live"));
    this.ws = ws;
    ws.onopen = () => {
      this.retryMs = 500;
      this.onState("connected", "connected");
      ws.send(JSON.stringify({ type: "catalogue" }));
      for (const s of this.subs.values()) {
        ws.send(JSON.stringify(s));
      }
    };
    ws.onmessage = (ev) => {
      if (typeof ev.data === "string") {
        this.onMessage(JSON.parse(ev.data) as ServerMsg);
      }
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws || this.closedByUs) {
        return;
      }
      this.ws = null;
      const wait = this.retryMs;
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
      const why = ev.reason ? `: ${ev.reason}` : ev.code === 1006 ? "" : ` (code ${ev.code})`;
      this.onState("disconnected", `disconnected${why} – retrying in ${Math.round(wait / 1000)} s`);
      this.retryTimer = window.setTimeout(() => this.connect(), wait);
    };
  }

  subscribe(req: SubscribeReq): void {
    this.subs.set(req.id, req);
    this.send(req);
  }

  unsubscribe(id: string): void {
    if (this.subs.delete(id)) {
      this.send({ type: "unsubscribe", id });
    }
  }

  private send(msg: object): void {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(msg));
    }
  }
}
