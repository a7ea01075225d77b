// Messages of the /ws/live WebSocket (see docs/live-protocol.md).

export interface SignalDef {
  name: string;
  unit: string;
  labels?: Record<string, string>;
}

export interface MessageDef {
  message: string;
  id: number;
  signals: SignalDef[];
}

export interface DeviceDef {
  device: string;
  messages: MessageDef[];
}

export interface CatalogueMsg {
  type: "catalogue";
  full: boolean;
  devices: DeviceDef[];
}

/** A signal value: a number, a non-finite value as a string, or [min, max] in minmax mode. */
export type SignalValue = number | string | [number, number];

export interface Sample {
  device: string;
  t: number;
  message: string;
  signals: Record<string, SignalValue>;
}

export interface SamplesMsg {
  type: "samples";
  samples: Sample[];
  dropped?: number;
}

export interface ErrorMsg {
  type: "error";
  error: string;
  id?: string;
}

export interface AckMsg {
  type: "subscribed" | "unsubscribed";
  id: string;
}

export type ServerMsg = CatalogueMsg | SamplesMsg | ErrorMsg | AckMsg;

export interface SubscribeReq {
  type: "subscribe";
  id: string;
  device: string;
  messages: string[];
  signals: string[];
  maxRate: number;
  mode: "latest" | "minmax";
}

export function numericValue(v: SignalValue): number {
  if (Array.isArray(v)) {
    return v[1];
  }
  if (typeof v === "string") {
    return v === "NaN" ? NaN : v === "Infinity" ? Infinity : -Infinity;
  }
  return v;
}
