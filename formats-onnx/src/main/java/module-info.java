/**
 * ONNX import and export: reads an ONNX model into a Convoy network and its weights, folding the constant
 * subgraphs exporters emit, refusing malformed files with errors that name the node or tensor; and
 * writes Convoy networks back out as ONNX that ONNX Runtime runs.
 */
module dev.convoy.formats.onnx {
  requires transitive dev.convoy.runtime;
  requires com.google.protobuf;

  exports dev.convoy.formats.onnx;

  // Generated messages stay internal; protobuf reaches their accessors reflectively.
  opens dev.convoy.formats.onnx.gen to com.google.protobuf;
}
