package dev.convoy.formats.proto;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Which program and which api version write checkpoints: filled in from the build. */
record ProducerInfo(String name, String version, String apiVersion) {

  private static final ProducerInfo CURRENT = load();

  static ProducerInfo current() {
    return CURRENT;
  }

  private static ProducerInfo load() {
    Properties properties = new Properties();
    try (InputStream in = ProducerInfo.class.getResourceAsStream("producer.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled producer.properties", e);
    }
    return new ProducerInfo(properties.getProperty("producer.name", "convoy"),
        properties.getProperty("producer.version", "unknown"),
        properties.getProperty("api.version", "unknown"));
  }
}
