package io.ecugateway.format.canedge;

import io.ecugateway.format.FormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decrypts an encrypted CANedge file (AES-256-GCM, key = PBKDF2-HMAC-SHA256(password, salt,
 * iterations), the 52-byte header as associated data, 16-byte tag at the end) with the JDK's
 * crypto, in bounded memory. The JDK's GCM decryption holds the whole ciphertext until the tag is
 * checked, so instead the ciphertext is decrypted with AES-CTR from GCM's first counter block (IV
 * || 2) — the same keystream — while the recovered plaintext is re-encrypted with AES-GCM to
 * recompute the tag, which must equal the file's. Callers use the plaintext only after {@link
 * #decrypt} returns normally.
 */
final class AesGcmFile {
  private static final int CHUNK = 64 * 1024;

  private AesGcmFile() {}

  /**
   * Decrypts the ciphertext + tag read from {@code in} (everything after the header) into {@code
   * out}.
   *
   * @throws FormatException if the tag does not match: wrong password or a corrupted file
   */
  static void decrypt(
      String file, EncryptionHeader h, String password, InputStream in, OutputStream out)
      throws IOException {
    Cipher ctr;
    Cipher gcm;
    try {
      SecretKeySpec key = deriveKey(password, h);
      byte[] counter = new byte[16];
      System.arraycopy(h.iv(), 0, counter, 0, 12);
      counter[15] = 2;
      ctr = Cipher.getInstance("AES/CTR/NoPadding");
      ctr.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(counter));
      gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(
          Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(8 * EncryptionHeader.TAG_BYTES, h.iv()));
      gcm.updateAAD(h.header());
    } catch (GeneralSecurityException e) {
      throw new FormatException(file, 0, "cannot set up AES-256-GCM decryption: " + e, e);
    }
    int tagBytes = EncryptionHeader.TAG_BYTES;
    // the last 16 bytes of the stream are the tag, so always hold 16 bytes back
    byte[] buf = new byte[CHUNK + tagBytes];
    byte[] plain = new byte[CHUNK + tagBytes];
    byte[] scratch = new byte[CHUNK + 2 * tagBytes];
    int held = 0;
    long cipherBytes = 0;
    try {
      while (true) {
        int n = in.read(buf, held, buf.length - held);
        if (n < 0) {
          break;
        }
        held += n;
        int ready = held - tagBytes;
        if (ready > 0) {
          int p = ctr.update(buf, 0, ready, plain, 0);
          gcm.update(plain, 0, p, scratch, 0);
          out.write(plain, 0, p);
          cipherBytes += ready;
          System.arraycopy(buf, ready, buf, 0, tagBytes);
          held = tagBytes;
        }
      }
      if (held < tagBytes) {
        throw new FormatException(
            file,
            EncryptionHeader.SIZE + cipherBytes,
            "encrypted file too short for its 16-byte tag");
      }
      byte[] lastPlain = ctr.doFinal();
      out.write(lastPlain);
      gcm.update(lastPlain);
      byte[] last = gcm.doFinal();
      byte[] tag = java.util.Arrays.copyOfRange(last, last.length - tagBytes, last.length);
      byte[] fileTag = java.util.Arrays.copyOf(buf, tagBytes);
      if (!MessageDigest.isEqual(tag, fileTag)) {
        throw new FormatException(
            file,
            EncryptionHeader.SIZE + cipherBytes,
            "AES-GCM authentication failed: wrong password or corrupted file");
      }
    } catch (GeneralSecurityException e) {
      throw new FormatException(
          file, EncryptionHeader.SIZE + cipherBytes, "decryption failed: " + e, e);
    }
  }

  private static SecretKeySpec deriveKey(String password, EncryptionHeader h)
      throws GeneralSecurityException {
    PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), h.salt(), h.iterations(), 256);
    try {
      byte[] key =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      return new SecretKeySpec(key, "AES");
    } finally {
      spec.clearPassword();
    }
  }
}
