// Upload page: drag and drop log files, then follow each upload's state until stored or failed.

import { authHeaders, errorText, getJson } from "./api";

interface UploadStatus {
  id?: string;
  state?: string;
  frames?: number;
  messages?: number;
  decodedMessages?: number;
  unknownIds?: number;
  error?: string;
  reason?: string;
}

const DEVICE_KEY = "ecugw.uploadDevice";
const FINAL = new Set(["stored", "failed"]);

export function initUpload(notify: (msg: string) => void): void {
  const drop = document.getElementById("drop")!;
  const input = document.getElementById("file-input") as HTMLInputElement;
  const device = document.getElementById("upload-device") as HTMLInputElement;
  const body = document.querySelector("#uploads tbody")!;
  device.value = localStorage.getItem(DEVICE_KEY) ?? "";
  device.onchange = () => localStorage.setItem(DEVICE_KEY, device.value.trim());

  const start = (files: FileList | null) => {
    if (!files || files.length === 0) {
      return;
    }
    const dev = device.value.trim();
    if (!/^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(dev)) {
      notify("Enter the device id first (letters, digits, _ . -; up to 128 characters, not starting with . or -).");
      device.focus();
      return;
    }
    for (const f of Array.from(files)) {
      body.prepend(uploadRow(dev, f));
    }
  };
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    start(e.dataTransfer?.files ?? null);
  });
  input.onchange = () => {
    start(input.files);
    input.value = "";
  };
}

function uploadRow(device: string, file: File): HTMLTableRowElement {
  const tr = document.createElement("tr");
  const cells = ["name", "size", "id", "state", "frames", "messages", "detail"].map((c) => {
    const td = document.createElement("td");
    td.className = c;
    tr.append(td);
    return td;
  });
  const [name, size, id, state, frames, messages, detail] = cells;
  size.classList.add("num");
  frames.classList.add("num");
  messages.classList.add("num");
  name.textContent = file.name;
  size.textContent = formatBytes(file.size);
  const bar = document.createElement("progress");
  bar.max = 1;
  bar.value = 0;
  state.textContent = "uploading ";
  state.dataset.state = "uploading";
  state.append(bar);

  const form = new FormData();
  form.append("file", file, file.name);
  const xhr = new XMLHttpRequest();
  xhr.open("POST", `/api/v1/devices/${encodeURIComponent(device)}/logs`);
  for (const [k, v] of Object.entries(authHeaders())) {
    xhr.setRequestHeader(k, v);
  }
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable) {
      bar.value = e.loaded / e.total;
    }
  };
  xhr.onerror = () => setState(state, "failed", detail, "network error during upload");
  xhr.onload = () => {
    if (xhr.status !== 202 && xhr.status !== 200 && xhr.status !== 201) {
      setState(state, "failed", detail, errorText(xhr.status, xhr.responseText));
      return;
    }
    const res = JSON.parse(xhr.responseText) as UploadStatus & { status?: string; statusUrl?: string };
    const uploadId = res.id ?? "";
    id.textContent = uploadId;
    tr.dataset.upload = uploadId;
    show(res, state, frames, messages, detail);
    const url = res.statusUrl ?? `/api/v1/uploads/${encodeURIComponent(uploadId)}`;
    poll(url, state, frames, messages, detail);
  };
  xhr.send(form);
  return tr;
}

function poll(url: string, state: HTMLElement, frames: HTMLElement, messages: HTMLElement, detail: HTMLElement): void {
  const tick = async () => {
    try {
      const st = await getJson<UploadStatus>(url);
      show(st, state, frames, messages, detail);
      if (!FINAL.has(st.state ?? "")) {
        window.setTimeout(tick, 1000);
      }
    } catch (e) {
      setState(state, "error", detail, `status unavailable: ${(e as Error).message}`);
      window.setTimeout(tick, 5000);
    }
  };
  window.setTimeout(tick, 300);
}

function show(st: UploadStatus, state: HTMLElement, frames: HTMLElement, messages: HTMLElement, detail: HTMLElement): void {
  if (st.state) {
    setState(state, st.state, detail, st.error ?? st.reason ?? "");
  }
  if (st.frames !== undefined) {
    frames.textContent = String(st.frames);
  }
  const m = st.decodedMessages ?? st.messages;
  if (m !== undefined) {
    messages.textContent = String(m);
  }
  if (st.unknownIds !== undefined && !st.error && !st.reason) {
    detail.textContent = `unknown IDs: ${st.unknownIds}`;
  }
}

function setState(state: HTMLElement, value: string, detail: HTMLElement, text: string): void {
  state.textContent = value;
  state.dataset.state = value;
  if (text) {
    detail.textContent = text;
  }
}

function formatBytes(n: number): string {
  if (n < 1024) {
    return `${n} B`;
  }
  if (n < 1024 * 1024) {
    return `${(n / 1024).toFixed(1)} KiB`;
  }
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
