package io.ecugateway.format.mdf4;

import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Puts frames of an unsorted data group into time order. Loggers (CANedge firmware 01.07+) write
 * each channel group from its own buffer, so records reach the file up to about a second out of
 * order. A frame is released once a frame at least {@code windowNs} later has been read, so any
 * back-step shorter than the window comes out ordered; equal timestamps keep file order. Memory is
 * bounded by {@code capacity} pooled frames: if the window holds more, the earliest frame is
 * released early (with one warning). No allocation per frame once the pool is warm.
 */
final class ReorderWindow implements FrameSource {
  private final FrameSource in;
  private final long windowNs;
  private final int capacity;
  private final Consumer<String> warnings;
  private final String file;

  private CanFrame[] slots = new CanFrame[1024];
  private long[] keyTs = new long[1024];
  private long[] keySeq = new long[1024];
  private int[] heap = new int[1024];
  private int[] free = new int[1024];
  private int freeCount;
  private int allocated;
  private int size;
  private long seq;
  private long maxTs = Long.MIN_VALUE;
  private boolean inputDone;
  private boolean overflowWarned;
  private final CanFrame incoming = new CanFrame();

  ReorderWindow(
      FrameSource in, long windowNs, int capacity, String file, Consumer<String> warnings) {
    this.in = in;
    this.windowNs = windowNs;
    this.capacity = capacity;
    this.file = file;
    this.warnings = warnings;
  }

  @Override
  public boolean next(CanFrame out) throws IOException {
    while (true) {
      if (size > 0) {
        int top = heap[0];
        boolean ripe = inputDone || keyTs[top] <= maxTs - windowNs;
        if (ripe || size >= capacity) {
          if (!ripe && !overflowWarned) {
            overflowWarned = true;
            warnings.accept(
                file
                    + ": more than "
                    + capacity
                    + " frames within the reorder window; "
                    + "frames may come out slightly out of time order");
          }
          out.set(slots[top]);
          pop();
          return true;
        }
      } else if (inputDone) {
        return false;
      }
      if (!inputDone) {
        if (in.next(incoming)) {
          push(incoming);
        } else {
          inputDone = true;
        }
      }
    }
  }

  private void push(CanFrame f) {
    int slot = takeSlot();
    slots[slot].set(f);
    keyTs[slot] = f.timestampNs;
    keySeq[slot] = seq++;
    if (f.timestampNs > maxTs) {
      maxTs = f.timestampNs;
    }
    int i = size++;
    heap[i] = slot;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(heap[i], heap[parent])) {
        break;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void pop() {
    free[freeCount++] = heap[0];
    heap[0] = heap[--size];
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        break;
      }
      int c = l + 1 < size && less(heap[l + 1], heap[l]) ? l + 1 : l;
      if (!less(heap[c], heap[i])) {
        break;
      }
      swap(i, c);
      i = c;
    }
  }

  private boolean less(int a, int b) {
    return keyTs[a] < keyTs[b] || (keyTs[a] == keyTs[b] && keySeq[a] < keySeq[b]);
  }

  private void swap(int i, int j) {
    int t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
  }

  private int takeSlot() {
    if (freeCount > 0) {
      return free[--freeCount];
    }
    if (allocated == slots.length) {
      int n = slots.length * 2;
      slots = java.util.Arrays.copyOf(slots, n);
      keyTs = java.util.Arrays.copyOf(keyTs, n);
      keySeq = java.util.Arrays.copyOf(keySeq, n);
      heap = java.util.Arrays.copyOf(heap, n);
      free = java.util.Arrays.copyOf(free, n);
    }
    slots[allocated] = new CanFrame();
    return allocated++;
  }
}
