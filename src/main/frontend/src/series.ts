// Received values per signal, kept for the longest chart window.

export const MAX_WINDOW_S = 600;

export class Series {
  readonly t: number[] = [];
  readonly v: number[] = [];

  push(t: number, v: number): void {
    this.t.push(t);
    this.v.push(v);
    // Trim in chunks so that the cost stays amortised O(1) per value.
    const cutoff = t - MAX_WINDOW_S;
    if (this.t.length > 64 && this.t[63] < cutoff) {
      let n = 0;
      while (n < this.t.length && this.t[n] < cutoff) {
        n++;
      }
      this.t.splice(0, n);
      this.v.splice(0, n);
    }
  }

  lastT(): number {
    return this.t.length ? this.t[this.t.length - 1] : NaN;
  }

  lastV(): number {
    return this.v.length ? this.v[this.v.length - 1] : NaN;
  }
}

/** Index of the first element >= x in a sorted array. */
export function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/**
 * uPlot's aligned data for several series over [from, to]: the union of their timestamps, with
 * null where a series has no value at a timestamp (drawn with spanGaps).
 */
export function align(series: Series[], from: number, to: number): (number | null)[][] {
  const starts = series.map((s) => lowerBound(s.t, from));
  const xs: number[] = [];
  series.forEach((s, i) => {
    for (let k = starts[i]; k < s.t.length && s.t[k] <= to; k++) {
      xs.push(s.t[k]);
    }
  });
  xs.sort((a, b) => a - b);
  const x: number[] = [];
  for (const t of xs) {
    if (x.length === 0 || x[x.length - 1] !== t) {
      x.push(t);
    }
  }
  const out: (number | null)[][] = [x];
  series.forEach((s, i) => {
    const ys: (number | null)[] = new Array<number | null>(x.length).fill(null);
    let k = starts[i];
    for (let j = 0; j < x.length && k < s.t.length; j++) {
      if (s.t[k] === x[j]) {
        const v = s.v[k++];
        ys[j] = Number.isFinite(v) ? v : null;
      }
    }
    out.push(ys);
  });
  return out;
}
