package dev.convoy.formats.archfixture;

import com.google.protobuf.ByteString;
import dev.convoy.runtime.Network;

/** What a format module may use: protobuf, the runtime's networks, the JDK. Fixture for RulesHaveTeethTest. */
public final class FormatUsingProtobufFixture {
  public ByteString save(Network network) {
    return ByteString.copyFromUtf8(network.toString());
  }
}
