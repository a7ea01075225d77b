package io.ecugateway.dbc;

import java.io.IOException;

/** A DBC file that cannot be loaded. The message starts with the file name. */
public class DbcException extends IOException {
  private final String file;

  public DbcException(String file, String message) {
    super(message);
    this.file = file;
  }

  public DbcException(String file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  public String file() {
    return file;
  }
}
