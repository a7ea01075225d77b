package io.ecugateway.format.mdf4;

import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Puts frames of an unsorted data group into time order. Loggers (CANedge firmware 01.07+) write
 * each channel group from its own buffer, so records reach the file up to about a second out of
 * order. A frame is released once a frame at least {@code windowNs} later has been read, so any
 * back-step shorter than the window comes out ordered; equal timestamps keep file order.
 *
 * <p>The window is a sorted run of pooled frame slots: the source decodes straight into a free
 * slot, a frame in time order (the common case) is appended, a late one is inserted by binary
 * search and a shift of slot indices. Free slots are reused first-in first-out, so with frames in
 * order the slots are filled and released in sequence and stream through the cache. Memory is
 * bounded by {@code capacity} slots: if the window holds more, the earliest frame is released early
 * (with one warning). No allocation per frame once the pool is warm.
 */
final class ReorderWindow implements FrameSource {
  private static final int INITIAL_SLOTS = 1024;

  private final FrameSource in;
  private final long windowNs;
  private final int capacity;
  private final Consumer<String> warnings;
  private final String file;

  private CanFrame[] slots = new CanFrame[0];
  private long[] slotTs = new long[0];

  /** Free slots, a first-in first-out ring: {@link #freeCount} of them from {@link #freeHead}. */
  private int[] free = new int[0];

  private int freeHead;
  private int freeCount;

  /** Slot indices in time order, live in [head, tail). */
  private int[] order = new int[INITIAL_SLOTS];

  private int head;
  private int tail;
  private long maxTs = Long.MIN_VALUE;
  private boolean inputDone;
  private boolean overflowWarned;

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
      int size = tail - head;
      if (size > 0) {
        int first = order[head];
        boolean ripe = inputDone || slotTs[first] <= maxTs - windowNs;
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
          head++;
          copy(slots[first], out);
          freeSlot(first);
          return true;
        }
      } else if (inputDone) {
        return false;
      }
      if (freeCount == 0) {
        growSlots();
      }
      int slot = free[freeHead];
      if (in.next(slots[slot])) {
        freeCount--;
        freeHead = freeHead + 1 == free.length ? 0 : freeHead + 1;
        add(slot);
      } else {
        inputDone = true;
      }
    }
  }

  private void add(int slot) {
    long ts = slots[slot].timestampNs;
    slotTs[slot] = ts;
    if (tail == order.length) {
      makeRoom();
    }
    if (tail == head || ts >= slotTs[order[tail - 1]]) {
      order[tail++] = slot;
      maxTs = Math.max(maxTs, ts);
      return;
    }
    // late frame: after every queued frame with a timestamp <= ts (keeps file order on ties)
    int lo = head;
    int hi = tail;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (slotTs[order[mid]] <= ts) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    System.arraycopy(order, lo, order, lo + 1, tail - lo);
    order[lo] = slot;
    tail++;
  }

  /** {@link CanFrame#set}, with the payload copied a long at a time. */
  private static void copy(CanFrame from, CanFrame to) {
    to.timestampNs = from.timestampNs;
    to.bus = from.bus;
    to.id = from.id;
    to.extended = from.extended;
    to.fd = from.fd;
    to.brs = from.brs;
    to.esi = from.esi;
    to.kind = from.kind;
    to.direction = from.direction;
    to.dlc = from.dlc;
    int n = from.length;
    to.length = n;
    to.ensureCapacity(n);
    RecordBuffer.copy(from.data, 0, to.data, n);
  }

  private void freeSlot(int slot) {
    int at = freeHead + freeCount++;
    free[at < free.length ? at : at - free.length] = slot;
  }

  /** Doubles the pool; called when every slot holds a waiting frame. */
  private void growSlots() {
    int n = slots.length;
    int grown = Math.max(INITIAL_SLOTS, n * 2);
    slots = Arrays.copyOf(slots, grown);
    slotTs = Arrays.copyOf(slotTs, grown);
    free = new int[grown];
    for (int i = n; i < grown; i++) {
      slots[i] = new CanFrame();
      free[i - n] = i;
    }
    freeHead = 0;
    freeCount = grown - n;
  }

  /** Moves the live run to the front, or grows the index array when it is mostly full. */
  private void makeRoom() {
    int size = tail - head;
    if (size > order.length / 2) {
      order = Arrays.copyOf(order, order.length * 2);
    }
    System.arraycopy(order, head, order, 0, size);
    head = 0;
    tail = size;
  }
}
