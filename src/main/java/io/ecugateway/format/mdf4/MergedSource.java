package io.ecugateway.format.mdf4;

import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.util.List;

/**
 * Merges the time-ordered frame streams of several data groups (a sorted file has one group per
 * channel group) by timestamp; ties go to the earlier group.
 *
 * <p>After a group's frame is emitted, that group's next frame is read straight into the caller's
 * frame and emitted as is while it still sorts before every other group's waiting frame: a sorted
 * file's groups are long runs (often one group holds nearly all frames), so most frames are never
 * copied. A frame that loses is parked as its group's head.
 */
final class MergedSource implements FrameSource {
  private final FrameSource[] sources;
  private final CanFrame[] heads;
  private final boolean[] live;
  private boolean primed;

  /** The group read straight into the caller's frame, or -1; it has no parked head then. */
  private int streaming = -1;

  /** Earliest waiting head of the other groups: its timestamp and group, or -1 if none. */
  private long boundTs;

  private int boundGroup = -1;

  MergedSource(List<FrameSource> sources) {
    this.sources = sources.toArray(new FrameSource[0]);
    this.heads = new CanFrame[this.sources.length];
    this.live = new boolean[this.sources.length];
  }

  @Override
  public boolean next(CanFrame out) throws IOException {
    if (!primed) {
      primed = true;
      for (int i = 0; i < sources.length; i++) {
        heads[i] = new CanFrame();
        live[i] = sources[i].next(heads[i]);
      }
    }
    if (streaming >= 0) {
      int s = streaming;
      if (sources[s].next(out)) {
        if (boundGroup < 0
            || out.timestampNs < boundTs
            || (out.timestampNs == boundTs && s < boundGroup)) {
          return true;
        }
        heads[s].set(out);
        live[s] = true;
      }
      streaming = -1;
    }
    int best = -1;
    for (int i = 0; i < sources.length; i++) {
      if (live[i] && (best < 0 || heads[i].timestampNs < heads[best].timestampNs)) {
        best = i;
      }
    }
    if (best < 0) {
      return false;
    }
    out.set(heads[best]);
    live[best] = false;
    streaming = best;
    boundGroup = -1;
    for (int i = 0; i < sources.length; i++) {
      if (live[i] && (boundGroup < 0 || heads[i].timestampNs < boundTs)) {
        boundGroup = i;
        boundTs = heads[i].timestampNs;
      }
    }
    return true;
  }
}
