package dev.convoy.runtime.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convoy.api.ApiVersion;
import dev.convoy.api.ConvoyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ApiVersionRangeTest {

  @Test
  void halfOpenRangeIncludesItsLowerBoundButNotItsUpper() {
    ApiVersionRange range = ApiVersionRange.parse("[0.1.0,0.2.0)");
    assertTrue(range.includes("0.1.0"));
    assertTrue(range.includes("0.1.7"));
    assertTrue(range.includes("0.1.10"), "numeric, not alphabetical: 0.1.10 > 0.1.9");
    assertFalse(range.includes("0.2.0"));
    assertFalse(range.includes("0.0.9"));
    assertEquals("[0.1.0,0.2.0)", range.toString());
  }

  @Test
  void exclusiveLowerInclusiveUpperOpenAndExactRanges() {
    ApiVersionRange range = ApiVersionRange.parse("(0.1,0.3]");
    assertFalse(range.includes("0.1"));
    assertTrue(range.includes("0.1.1"));
    assertTrue(range.includes("0.3"));
    assertFalse(range.includes("0.3.1"));

    ApiVersionRange open = ApiVersionRange.parse("[0.1.0,)");
    assertTrue(open.includes("47.0"));
    assertFalse(open.includes("0.0.1"));

    ApiVersionRange exact = ApiVersionRange.parse(" [0.1.0] ");
    assertTrue(exact.includes("0.1.0"));
    assertFalse(exact.includes("0.1.1"));
    assertEquals("[0.1.0]", exact.toString());
  }

  @Test
  void aBareVersionMeansThatVersionOrNewerAsInOsgi() {
    ApiVersionRange range = ApiVersionRange.parse("0.1.0");
    assertTrue(range.includes("0.1.0"));
    assertTrue(range.includes("1.0"));
    assertFalse(range.includes("0.0.9"));
    assertEquals("[0.1.0,)", range.toString());
  }

  @Test
  void nonsenseIsRefusedSayingWhatARangeLooksLike() {
    for (String bad : new String[] {"", "[0.1,0.2", "[0.3,0.2)", "(0.1)", "[,0.2)", "latest"}) {
      ConvoyException e = assertThrows(ConvoyException.class, () -> ApiVersionRange.parse(bad), bad);
      assertTrue(e.getMessage().contains("such as [0.1.0,0.2.0)"), e.getMessage());
    }
  }

  @Test
  void theApiVersionIsTheOneTheBuildDeclares() throws Exception {
    Path pom = Path.of("..", "pom.xml");
    String text = Files.readString(pom);
    Matcher declared = Pattern.compile("<convoy.api.version>([^<]+)</convoy.api.version>").matcher(text);
    assertTrue(declared.find(), "the root pom declares convoy.api.version");
    assertEquals(declared.group(1).strip(), ApiVersion.current(),
        "ApiVersion.CURRENT must follow the root pom's convoy.api.version");
  }
}
