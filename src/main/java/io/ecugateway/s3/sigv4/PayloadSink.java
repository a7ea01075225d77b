package io.ecugateway.s3.sigv4;

/** Receives decoded payload bytes; the slice is only valid during the call (copy what you keep). */
@FunctionalInterface
public interface PayloadSink {
  void accept(byte[] data, int offset, int length);
}
