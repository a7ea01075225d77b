package io.ecugateway.format.mdf4;

import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.util.List;

/**
 * Merges the time-ordered frame streams of several data groups (a sorted file has one group per
 * channel group) by timestamp; ties go to the earlier group.
 */
final class MergedSource implements FrameSource {
  private final FrameSource[] sources;
  private final CanFrame[] heads;
  private final boolean[] live;

  MergedSource(List<FrameSource> sources) {
    this.sources = sources.toArray(new FrameSource[0]);
    this.heads = new CanFrame[this.sources.length];
    this.live = new boolean[this.sources.length];
  }

  private boolean primed;

  @Override
  public boolean next(CanFrame out) throws IOException {
    if (!primed) {
      primed = true;
      for (int i = 0; i < sources.length; i++) {
        heads[i] = new CanFrame();
        live[i] = sources[i].next(heads[i]);
      }
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
    live[best] = sources[best].next(heads[best]);
    return true;
  }
}
