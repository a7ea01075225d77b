package io.ecugateway.format.blf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

/**
 * Builds BLF files for tests, from the layout python-can and Vector's documentation give: objects
 * of every CAN type the reader knows (and others it skips), header versions 1 and 2, timestamps in
 * ns or 10 µs, packed into stored or zlib containers of a chosen size so objects span containers.
 */
public final class TestBlf {
  static final int GLOBAL_MARKER = 96;

  /** Inner object bytes, in order. */
  private final ByteArrayOutputStream inner = new ByteArrayOutputStream();

  private final List<Long> ends = new ArrayList<>();
  private final List<Integer> types = new ArrayList<>();

  /** Appends one object: base header, v1 or v2 header, body, padding (body length mod 4). */
  TestBlf object(int type, int version, boolean tenMicros, long timestamp, byte[] body) {
    int headerSize = version == 1 ? 32 : 40;
    ByteBuffer b = le(headerSize + body.length + body.length % 4);
    b.putInt(ContainerStream.OBJECT_SIGNATURE).putShort((short) headerSize);
    b.putShort((short) version).putInt(headerSize + body.length).putInt(type);
    b.putInt(tenMicros ? 1 : 2).putShort((short) 0).putShort((short) 0).putLong(timestamp);
    if (version == 2) {
      b.putLong(0);
    }
    b.put(body);
    inner.writeBytes(b.array());
    ends.add((long) inner.size());
    types.add(type);
    return this;
  }

  /** The type of each object, in order. */
  List<Integer> types() {
    return types;
  }

  /** Offset in the inner stream where each object (and its padding) ends. */
  List<Long> objectEnds() {
    return ends;
  }

  byte[] innerBytes() {
    return inner.toByteArray();
  }

  /**
   * A BLF holding {@code frames} (bus {@code can<n>} as channel n): CAN_MESSAGE, CAN_FD_MESSAGE or
   * CAN_ERROR_EXT objects with ns times after a start time at the first frame's millisecond.
   */
  public static byte[] fromFrames(List<io.ecugateway.frame.CanFrame> frames, boolean zlib) {
    TestBlf blf = new TestBlf();
    long startNs =
        frames.isEmpty() ? 0 : Math.floorDiv(frames.get(0).timestampNs, 1_000_000L) * 1_000_000L;
    for (io.ecugateway.frame.CanFrame f : frames) {
      int ch = Integer.parseInt(f.bus.substring(3));
      int rawId = f.extended ? f.id | 0x8000_0000 : f.id;
      byte[] data = java.util.Arrays.copyOf(f.data, f.length);
      int flags =
          (f.direction == io.ecugateway.frame.Direction.TX ? 1 : 0)
              | (f.kind == io.ecugateway.frame.FrameKind.REMOTE ? 0x80 : 0);
      long t = f.timestampNs - startNs;
      if (f.kind == io.ecugateway.frame.FrameKind.ERROR) {
        blf.object(CanObjects.CAN_ERROR_EXT, 1, false, t, errorExt(ch, f.dlc, rawId, data));
      } else if (f.fd) {
        int fdFlags = 1 | (f.brs ? 2 : 0) | (f.esi ? 4 : 0);
        blf.object(
            CanObjects.CAN_FD_MESSAGE, 1, false, t, canFd(ch, flags, f.dlc, rawId, fdFlags, data));
      } else {
        blf.object(
            CanObjects.CAN_MESSAGE,
            1,
            false,
            t,
            canMessage(ch, flags, f.dlc, rawId, java.util.Arrays.copyOf(data, 8)));
      }
    }
    java.time.LocalDateTime s =
        java.time.LocalDateTime.ofEpochSecond(
            Math.floorDiv(startNs, 1_000_000_000L),
            (int) Math.floorMod(startNs, 1_000_000_000L),
            java.time.ZoneOffset.UTC);
    return blf.file(
        128 * 1024,
        zlib,
        header(
            s.getYear(),
            s.getMonthValue(),
            s.getDayOfMonth(),
            s.getHour(),
            s.getMinute(),
            s.getSecond(),
            s.getNano() / 1_000_000));
  }

  static byte[] canMessage(int channel, int flags, int dlc, int rawId, byte[] data) {
    ByteBuffer b = le(16).putShort((short) channel).put((byte) flags).put((byte) dlc);
    return b.putInt(rawId).put(data, 0, Math.min(8, data.length)).array();
  }

  static byte[] canFd(int channel, int flags, int dlc, int rawId, int fdFlags, byte[] data) {
    ByteBuffer b = le(84).putShort((short) channel).put((byte) flags).put((byte) dlc);
    b.putInt(rawId).putInt(0).put((byte) 0).put((byte) fdFlags).put((byte) data.length);
    return b.position(20).put(data).array();
  }

  static byte[] canFd64(int channel, int dlc, int rawId, int flags, boolean tx, byte[] data) {
    ByteBuffer b = le(40 + data.length).put((byte) channel).put((byte) dlc);
    b.put((byte) data.length).put((byte) 0).putInt(rawId).putInt(0).putInt(flags);
    b.position(34).put((byte) (tx ? 1 : 0));
    return b.position(40).put(data).array();
  }

  static byte[] errorExt(int channel, int dlc, int rawId, byte[] data) {
    ByteBuffer b = le(32).putShort((short) channel).position(10).put((byte) dlc);
    return b.position(16).putInt(rawId).position(24).put(data, 0, Math.min(8, data.length)).array();
  }

  /** CAN_ERROR (version 1 body: channel, length) or CAN_OVERLOAD (channel, reserved). */
  static byte[] channelOnly(int channel) {
    return le(8).putShort((short) channel).array();
  }

  /** The file: header with the start time, then the inner bytes in containers of this size. */
  byte[] file(int containerSize, boolean zlib) {
    return file(containerSize, zlib, header(2020, 3, 1, 8, 0, 0, 250));
  }

  private byte[] file(int containerSize, boolean zlib, byte[] header) {
    byte[] all = innerBytes();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header);
    for (int at = 0; at < all.length; at += containerSize) {
      int n = Math.min(containerSize, all.length - at);
      byte[] payload = java.util.Arrays.copyOfRange(all, at, at + n);
      out.writeBytes(container(zlib ? deflate(payload) : payload, zlib, n));
    }
    return out.toByteArray();
  }

  static byte[] header(int year, int month, int day, int hour, int min, int sec, int ms) {
    ByteBuffer b = le(144).putInt(FileHeader.SIGNATURE).putInt(144);
    b.position(40).putShort((short) year).putShort((short) month).putShort((short) 0);
    b.putShort((short) day).putShort((short) hour).putShort((short) min).putShort((short) sec);
    return b.putShort((short) ms).array();
  }

  /** A LOG_CONTAINER object with its padding; {@code declared} is the uncompressed size. */
  static byte[] container(byte[] payload, boolean zlib, long declared) {
    int size = 32 + payload.length;
    ByteBuffer b = le(size + size % 4).putInt(ContainerStream.OBJECT_SIGNATURE);
    b.putShort((short) 16).putShort((short) 1).putInt(size).putInt(ContainerStream.LOG_CONTAINER);
    b.putShort((short) (zlib ? 2 : 0)).position(24).putInt((int) declared);
    return b.position(32).put(payload).array();
  }

  static byte[] deflate(byte[] data) {
    Deflater d = new Deflater();
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  /**
   * {@code n} seeded objects of every kind: CAN_MESSAGE (v1, ns), CAN_MESSAGE2 (v2, 10 µs), CAN FD
   * (EDL/BRS/ESI), CAN FD 64 (Rx/Tx, remote), CAN_ERROR_EXT, CAN_ERROR, CAN_OVERLOAD and global
   * markers (skipped), on channels 1 and 2.
   */
  static TestBlf mixed(int n, long seed) {
    Random rnd = new Random(seed);
    TestBlf blf = new TestBlf();
    long t = 0;
    for (int i = 0; i < n; i++) {
      t += 1 + rnd.nextInt(1000);
      int ch = 1 + rnd.nextInt(2);
      boolean ext = rnd.nextBoolean();
      int rawId = ext ? rnd.nextInt(1 << 29) | 0x8000_0000 : rnd.nextInt(1 << 11);
      byte[] data = new byte[rnd.nextInt(9)];
      rnd.nextBytes(data);
      int fdLen = new int[] {0, 3, 8, 12, 16, 20, 24, 32, 48, 64}[rnd.nextInt(10)];
      byte[] fdData = new byte[fdLen];
      rnd.nextBytes(fdData);
      switch (rnd.nextInt(9)) {
        case 0, 1 ->
            blf.object(
                CanObjects.CAN_MESSAGE,
                1,
                false,
                t * 10_000,
                canMessage(
                    ch,
                    rnd.nextInt(2) | (rnd.nextInt(8) == 0 ? 0x80 : 0),
                    data.length,
                    rawId,
                    data));
        case 2 ->
            blf.object(
                CanObjects.CAN_MESSAGE2, 2, true, t, canMessage(ch, 1, data.length, rawId, data));
        case 3 ->
            blf.object(
                CanObjects.CAN_FD_MESSAGE,
                1,
                false,
                t * 10_000,
                canFd(ch, rnd.nextInt(2), dlcOf(fdLen), rawId, 1 | rnd.nextInt(8), fdData));
        case 4 ->
            blf.object(
                CanObjects.CAN_FD_MESSAGE_64,
                2,
                false,
                t * 10_000,
                canFd64(
                    ch,
                    dlcOf(fdLen),
                    rawId,
                    0x1000 | rnd.nextInt(4) << 13,
                    rnd.nextBoolean(),
                    fdData));
        case 5 ->
            blf.object(
                CanObjects.CAN_ERROR_EXT,
                1,
                false,
                t * 10_000,
                errorExt(ch, data.length, rawId, data));
        case 6 -> blf.object(CanObjects.CAN_ERROR, 1, true, t, channelOnly(ch));
        case 7 -> blf.object(CanObjects.CAN_OVERLOAD, 1, true, t, channelOnly(ch));
        default -> blf.object(GLOBAL_MARKER, 1, false, t * 10_000, new byte[44 + rnd.nextInt(30)]);
      }
    }
    return blf;
  }

  private static int dlcOf(int length) {
    return io.ecugateway.frame.CanFrame.lengthToDlc(length);
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
