package io.ecugateway.stream;

import java.util.List;

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
}
