package io.ecugateway.format.blf;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian field reads from a byte array, as BLF stores every number. */
final class LittleEndian {
  private static final VarHandle U16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle U32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle U64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private LittleEndian() {}

  static int u8(byte[] b, int at) {
    return b[at] & 0xFF;
  }

  static int u16(byte[] b, int at) {
    return (short) U16.get(b, at) & 0xFFFF;
  }

  /** An unsigned 32-bit field as a long. */
  static long u32(byte[] b, int at) {
    return (int) U32.get(b, at) & 0xFFFF_FFFFL;
  }

  /** A 32-bit field as its raw int (signatures, IDs with flag bits). */
  static int i32(byte[] b, int at) {
    return (int) U32.get(b, at);
  }

  static long u64(byte[] b, int at) {
    return (long) U64.get(b, at);
  }
}
