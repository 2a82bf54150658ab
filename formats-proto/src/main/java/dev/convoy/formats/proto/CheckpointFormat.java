package dev.convoy.formats.proto;

import java.nio.charset.StandardCharsets;

/** The constants of the file layout described at the top of {@code convoy.proto}. */
final class CheckpointFormat {
  private CheckpointFormat() {}

  /** The first eight bytes of every checkpoint. */
  static final byte[] MAGIC = "CONVOYCK".getBytes(StandardCharsets.US_ASCII);

  /** The layout of the container (magic, header, records); readers refuse newer ones. */
  static final int CONTAINER_VERSION = 1;

  /** {@code Header.format_version}: the meaning of the schema; readers refuse newer ones. */
  static final int FORMAT_VERSION = 1;

  /** Bytes before the header: magic plus the container version. */
  static final int PREAMBLE_BYTES = MAGIC.length + Integer.BYTES;

  /** Values per tensor record: 256 MiB of data, far below protobuf's 2 GB message limit. */
  static final int MAX_VALUES_PER_RECORD = 64 << 20;
}
