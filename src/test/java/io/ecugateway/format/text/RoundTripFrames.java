package io.ecugateway.format.text;

import static io.ecugateway.format.text.Frames.error;
import static io.ecugateway.format.text.Frames.fd;
import static io.ecugateway.format.text.Frames.frame;
import static io.ecugateway.format.text.Frames.remote;
import static io.ecugateway.format.text.Frames.tx;

import io.ecugateway.frame.CanFrame;
import java.util.List;

/** A frame set covering every kind the text formats can hold; times on whole microseconds. */
public final class RoundTripFrames {
  private RoundTripFrames() {}

  public static List<CanFrame> all() {
    long t = 1_725_694_999_693_250_000L;
    return List.of(
        frame(t, "can1", 0x7E8, false, "0441A2B3C4D5E6F7"),
        tx(frame(t + 1_000, "can1", 0x18DAF110, true, "0102")),
        frame(t + 2_000, "can2", 0x000, false, ""),
        frame(t + 3_000, "can2", 0x1FFFFFFF, true, "FF"),
        remote(frame(t + 4_000, "can1", 0x123, false, ""), 4),
        remote(frame(t + 5_000, "can1", 0x1234567, true, ""), 8),
        error(frame(t + 6_000, "can1", 0, false, "")),
        fd(frame(t + 7_000, "can1", 0x123, false, "00112233445566778899AABB"), true, false),
        fd(frame(t + 8_000, "can2", 0x1ABCDEF0, true, "A5".repeat(64)), false, true),
        tx(fd(frame(t + 9_000, "can1", 0x7FF, false, "11".repeat(32)), true, true)),
        fd(frame(t + 10_000, "can1", 0x100, false, "0102030405060708"), false, false),
        frame(t + 1_500_000_000L, "can9", 0x55, false, "0011223344556677"));
  }
}
