package io.ecugateway.format.mdf4;

import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.frame.FrameKind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Random bus traffic (CAN and CAN FD data frames of every length, LIN frames, remote and error
 * frames, Rx and Tx, several buses) and MDF4 files holding it in a record layout unlike CANedge's,
 * so the reader is shown to follow the channel metadata. Channel groups: 1 CAN_DataFrame (78-byte
 * records, fixed 64-byte payload, DLC-to-length table), 2 LIN_Frame, 3 CAN_RemoteFrame (IDE a
 * virtual constant), 4 CAN_ErrorFrame (bus a virtual constant: 2).
 */
final class SyntheticFiles {
  static final long START_NS = 1_700_000_000_000_000_000L;
  static final int[] RECORD_SIZE = {0, 78, 19, 14, 9};
  private static final int CC_IDENTITY = 0;
  private static final int CC_LINEAR = 1;
  private static final int CC_TABLE = 5;

  /** One frame and the channel group that stores it. */
  record Item(int group, CanFrame frame) {}

  private SyntheticFiles() {}

  static List<Item> traffic(long seed, int n) {
    Random rnd = new Random(seed);
    List<Item> out = new ArrayList<>();
    long t = 5_000_000;
    for (int i = 0; i < n; i++) {
      t += 1000L * (1 + rnd.nextInt(800));
      CanFrame f = new CanFrame();
      f.timestampNs = START_NS + t;
      int kind = rnd.nextInt(10);
      int group = kind < 6 ? 1 : kind < 8 ? 2 : kind < 9 ? 3 : 4;
      f.direction = rnd.nextInt(4) == 0 ? Direction.TX : Direction.RX;
      switch (group) {
        case 1 -> {
          f.kind = FrameKind.DATA;
          f.bus = "can" + (1 + rnd.nextInt(3));
          f.extended = rnd.nextBoolean();
          f.id = f.extended ? rnd.nextInt(1 << 29) : rnd.nextInt(1 << 11);
          f.fd = rnd.nextBoolean();
          f.brs = f.fd && rnd.nextBoolean();
          f.esi = f.fd && rnd.nextInt(8) == 0;
          f.dlc = rnd.nextInt(f.fd ? 16 : 9);
          f.length = CanFrame.dlcToLength(f.dlc);
        }
        case 2 -> {
          f.kind = FrameKind.LIN;
          f.bus = "lin" + (1 + rnd.nextInt(2));
          f.id = rnd.nextInt(64);
          f.length = 1 + rnd.nextInt(8);
          f.dlc = f.length;
        }
        case 3 -> {
          f.kind = FrameKind.REMOTE;
          f.bus = "can" + (1 + rnd.nextInt(2));
          f.extended = true;
          f.id = rnd.nextInt(1 << 29);
          f.dlc = rnd.nextInt(9);
        }
        default -> {
          f.kind = FrameKind.ERROR;
          f.bus = "can2";
          f.direction = Direction.RX;
        }
      }
      for (int b = 0; b < f.length; b++) {
        f.data[b] = (byte) rnd.nextInt(256);
      }
      out.add(new Item(group, f));
    }
    return out;
  }

  /** The record (without record id) storing {@code it}. */
  static byte[] record(Item it) {
    CanFrame f = it.frame();
    ByteBuffer r = ByteBuffer.allocate(RECORD_SIZE[it.group()]).order(ByteOrder.LITTLE_ENDIAN);
    r.putDouble(0, (f.timestampNs - START_NS) / 1e9);
    int bus = Integer.parseInt(f.bus.substring(3));
    int tx = f.direction == Direction.TX ? 1 : 0;
    switch (it.group()) {
      case 1 -> {
        r.putInt(8, f.id | (f.extended ? 1 << 31 : 0) | tx << 30);
        r.put(12, (byte) (f.dlc | (f.fd ? 16 : 0) | (f.brs ? 32 : 0) | (f.esi ? 64 : 0)));
        r.put(13, (byte) bus);
        r.put(14, f.data, 0, f.length);
      }
      case 2 -> {
        r.put(8, (byte) bus).put(9, (byte) f.id).put(10, (byte) (f.length | tx << 7));
        r.put(11, f.data, 0, f.length);
      }
      case 3 -> {
        r.put(8, (byte) bus).putInt(9, f.id).put(13, (byte) (f.dlc | tx << 4));
      }
      default -> r.put(8, (byte) 0x21);
    }
    return r.array();
  }

  /** Writes the channel groups (chained) and returns the first; {@code sorted} = one group. */
  static long[] channelGroups(TestMdfWriter w, boolean withIds) {
    long[] cg = new long[5];
    for (int g = 1; g <= 4; g++) {
      cg[g] = w.cg(withIds ? g : 0, 0, 0, RECORD_SIZE[g], channels(w, g), name(g));
    }
    return cg;
  }

  static String name(int group) {
    return switch (group) {
      case 1 -> "CAN_DataFrame";
      case 2 -> "LIN_Frame";
      case 3 -> "CAN_RemoteFrame";
      default -> "CAN_ErrorFrame";
    };
  }

  private static long channels(TestMdfWriter w, int g) {
    String p = name(g) + ".";
    long dlcTable =
        w.cc(
            CC_TABLE, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 12, 10, 16, 11, 20,
            12, 24, 13, 32, 14, 48, 15, 64);
    long children =
        switch (g) {
          case 1 ->
              chain(
                  w,
                  new Object[] {p + "ID", 0, 0, 0, 8, 0, 29, 0L},
                  new Object[] {p + "IDE", 0, 0, 0, 11, 7, 1, 0L},
                  new Object[] {p + "Dir", 0, 0, 0, 11, 6, 1, 0L},
                  new Object[] {p + "DLC", 0, 0, 0, 12, 0, 4, 0L},
                  new Object[] {p + "DataLength", 0, 0, 0, 12, 0, 4, dlcTable},
                  new Object[] {p + "EDL", 0, 0, 0, 12, 4, 1, 0L},
                  new Object[] {p + "BRS", 0, 0, 0, 12, 5, 1, 0L},
                  new Object[] {p + "ESI", 0, 0, 0, 12, 6, 1, 0L},
                  new Object[] {p + "BusChannel", 0, 0, 0, 13, 0, 8, 0L},
                  new Object[] {p + "DataBytes", 0, 0, 10, 14, 0, 512, 0L});
          case 2 ->
              chain(
                  w,
                  new Object[] {p + "BusChannel", 0, 0, 0, 8, 0, 8, 0L},
                  new Object[] {p + "ID", 0, 0, 0, 9, 0, 6, 0L},
                  new Object[] {p + "DataLength", 0, 0, 0, 10, 0, 4, 0L},
                  new Object[] {p + "Dir", 0, 0, 0, 10, 7, 1, 0L},
                  new Object[] {p + "DataBytes", 0, 0, 10, 11, 0, 64, 0L});
          case 3 ->
              chain(
                  w,
                  new Object[] {p + "BusChannel", 0, 0, 0, 8, 0, 8, 0L},
                  new Object[] {p + "ID", 0, 0, 0, 9, 0, 29, 0L},
                  new Object[] {p + "IDE", 6, 0, 0, 0, 0, 0, w.cc(CC_LINEAR, 1, 0)},
                  new Object[] {p + "DLC", 0, 0, 0, 13, 0, 4, 0L},
                  new Object[] {p + "Dir", 0, 0, 0, 13, 4, 1, 0L});
          default ->
              chain(
                  w,
                  new Object[] {p + "BusChannel", 6, 0, 0, 0, 0, 0, w.cc(CC_LINEAR, 2, 0)},
                  new Object[] {p + "ErrorType", 0, 0, 0, 8, 0, 8, 0L});
        };
    long composed = w.cn(name(g), 0, 0, 10, 8, 0, 8 * (RECORD_SIZE[g] - 8), 0, 0, children);
    return w.cn("Timestamp", 2, 1, 4, 0, 0, 64, w.cc(CC_IDENTITY), composed, 0);
  }

  private static long chain(TestMdfWriter w, Object[]... specs) {
    long next = 0;
    for (int i = specs.length - 1; i >= 0; i--) {
      Object[] s = specs[i];
      next =
          w.cn(
              (String) s[0],
              (int) s[1],
              (int) s[2],
              (int) s[3],
              (int) s[4],
              (int) s[5],
              (int) s[6],
              (long) s[7],
              next,
              0);
    }
    return next;
  }

  /** Records with 1-byte record ids, written in {@code order}. */
  static byte[] unsortedData(List<Item> order) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Item it : order) {
      out.write(it.group());
      out.writeBytes(record(it));
    }
    return out.toByteArray();
  }

  static byte[] sortedData(List<Item> items, int group) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Item it : items) {
      if (it.group() == group) {
        out.writeBytes(record(it));
      }
    }
    return out.toByteArray();
  }

  /** The order a buffering logger might write: each record up to 0.5 s late. */
  static List<Item> jittered(List<Item> items, long seed) {
    Random rnd = new Random(seed);
    List<long[]> keyed = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      keyed.add(new long[] {items.get(i).frame().timestampNs + rnd.nextInt(500_000_000), i});
    }
    keyed.sort(Comparator.comparingLong(k -> k[0]));
    List<Item> out = new ArrayList<>();
    for (long[] k : keyed) {
      out.add(items.get((int) k[1]));
    }
    return out;
  }

  static String describe(CanFrame f) {
    StringBuilder sb = new StringBuilder();
    sb.append(f.timestampNs).append(' ').append(f.kind).append(' ').append(f.bus).append(' ');
    sb.append(Integer.toHexString(f.id)).append(f.extended ? " ext" : " std");
    sb.append(f.fd ? " fd" : "").append(f.brs ? " brs" : "").append(f.esi ? " esi" : "");
    sb.append(' ').append(f.direction).append(" dlc=").append(f.dlc).append(" [");
    for (int i = 0; i < f.length; i++) {
      sb.append(String.format("%02X", f.data[i] & 0xFF));
    }
    return sb.append(']').toString();
  }
}
