package io.ecugateway.format.mdf4;

import io.ecugateway.format.FrameReader;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;

/** What a test checks about a whole file's frames. */
final class FrameStats {
  long count;
  long dataFrames;
  long first = Long.MIN_VALUE;
  long last;
  long min = Long.MAX_VALUE;
  long max = Long.MIN_VALUE;
  long tx;
  long extended;
  long backSteps;
  final Set<Integer> ids = new HashSet<>();
  final Set<String> busIdeIds = new HashSet<>();
  final TreeMap<String, Long> perBus = new TreeMap<>();

  static FrameStats of(FrameReader reader) throws IOException {
    FrameStats s = new FrameStats();
    CanFrame f = new CanFrame();
    while (reader.next(f)) {
      s.add(f);
    }
    return s;
  }

  void add(CanFrame f) {
    if (count > 0 && f.timestampNs < last) {
      backSteps++;
    }
    if (count == 0) {
      first = f.timestampNs;
    }
    count++;
    last = f.timestampNs;
    min = Math.min(min, f.timestampNs);
    max = Math.max(max, f.timestampNs);
    if (f.kind == FrameKind.DATA) {
      dataFrames++;
    }
    if (f.direction == Direction.TX) {
      tx++;
    }
    if (f.extended) {
      extended++;
    }
    ids.add(f.id);
    busIdeIds.add(f.bus + "/" + f.extended + "/" + f.id);
    perBus.merge(f.bus, 1L, Long::sum);
  }
}
