package io.ecugateway.transport;

import io.ecugateway.dbc.Dbc;
import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.decode.DecodeResult;
import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads a sample log through a stage and a decoder; keeps every decoded value by signal name. */
final class SampleDecoding {
  /** One decoded value: first and last segment time of its message, frame ID, value. */
  record Value(long startNs, long timeNs, int id, double value) {}

  final Map<String, List<Value>> signals = new LinkedHashMap<>();
  final List<CanFrame> reassembled = new ArrayList<>();
  final TransportStage stage;
  long frames;

  private SampleDecoding(TransportStage stage) {
    this.stage = stage;
  }

  static SampleDecoding run(Path log, TransportConfig config, Dbc... dbcs) throws IOException {
    return run(List.of(log), config, dbcs);
  }

  /** Several logs through one stage, as the service does with the splits of one session. */
  static SampleDecoding run(List<Path> logs, TransportConfig config, Dbc... dbcs)
      throws IOException {
    DbcDecoder decoder = DbcDecoder.compile(dbcs);
    DecodeResult r = decoder.newResult();
    SampleDecoding d = new SampleDecoding(new TransportStage(config));
    Consumer<CanFrame> out =
        f -> {
          if (f.length > 8 || d.stage.messageStartNs() != f.timestampNs) {
            d.reassembled.add(f.copy());
          }
          if (decoder.decode(f, r)) {
            for (int k = 0; k < r.count(); k++) {
              int i = r.signalIndex(k);
              d.signals
                  .computeIfAbsent(r.signal(i).name(), n -> new ArrayList<>())
                  .add(new Value(d.stage.messageStartNs(), f.timestampNs, f.id, r.value(i)));
            }
          }
        };
    CanFrame frame = new CanFrame();
    for (Path log : logs) {
      try (FrameReader reader = FormatRegistry.open(log, ReadOptions.defaults())) {
        while (reader.next(frame)) {
          d.frames++;
          Stages.accept(d.stage, frame, out);
        }
      }
    }
    d.stage.flush();
    return d;
  }

  List<Value> values(String signal) {
    return signals.getOrDefault(signal, List.of());
  }
}
