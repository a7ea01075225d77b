package io.ecugateway.stream;

import io.ecugateway.dbc.Signal;
import io.ecugateway.decode.MessageCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message as the live catalogue lists it.
 *
 * @param name DBC message name
 * @param id frame identifier (without flags)
 * @param signals the message's signals in DBC order
 */
public record MessageInfo(String name, long id, List<SignalInfo> signals) {
  public MessageInfo {
    signals = List.copyOf(signals);
  }

  /** The entry of a compiled message: labels keyed by physical value (live sends physical). */
  public static MessageInfo of(MessageCodec codec) {
    List<SignalInfo> signals = new ArrayList<>();
    for (Signal s : codec.message().signals()) {
      Map<Long, String> labels = new LinkedHashMap<>();
      for (Map.Entry<Long, String> c : s.choices().entrySet()) {
        double physical = c.getKey() * s.factor() + s.offset();
        if (physical == Math.rint(physical) && Math.abs(physical) < 1e15) {
          labels.put((long) physical, c.getValue());
        }
      }
      signals.add(new SignalInfo(s.name(), s.unit(), labels));
    }
    return new MessageInfo(codec.name(), codec.message().id(), signals);
  }
}
