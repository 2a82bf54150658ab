/**
 * Convoy's own checkpoint format ({@code convoy.proto}): a network definition, its parameters,
 * optimizer and training state and metadata, saved atomically and read back defensively.
 */
module dev.convoy.formats.proto {
  requires transitive dev.convoy.runtime;
  requires com.google.protobuf;

  exports dev.convoy.formats.proto;

  // Generated messages stay internal; protobuf reaches their accessors reflectively.
  opens dev.convoy.formats.proto.gen to com.google.protobuf;
}
