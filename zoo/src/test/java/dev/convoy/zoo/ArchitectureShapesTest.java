package dev.convoy.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convoy.api.Shape;
import dev.convoy.runtime.FullyConvolutional;
import dev.convoy.runtime.Network;
import dev.convoy.runtime.ProviderRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The volumes of the case studies at 224x224x3, as their papers and torchvision give them. */
class ArchitectureShapesTest {
  private static final ProviderRegistry REGISTRY = ProviderRegistry.load();

  private static void assertVolumes(String model, Map<String, String> expected) {
    Network net = Zoo.get(model).build(REGISTRY, 1);
    Map<String, String> actual = new LinkedHashMap<>();
    expected.keySet().forEach(node -> actual.put(node, net.shape(node).toNotesString()));
    assertEquals(expected, actual, model);
  }

  private static Map<String, String> volumes(String... nodeAndVolume) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < nodeAndVolume.length; i += 2) {
      map.put(nodeAndVolume[i], nodeAndVolume[i + 1]);
    }
    return map;
  }

  @Test
  void alexnet() {
    assertVolumes("alexnet", volumes("conv1", "55x55x64", "pool1", "27x27x64", "conv2", "27x27x192",
        "pool2", "13x13x192", "conv3", "13x13x384", "conv5", "13x13x256", "pool5", "6x6x256", "fc6", "1x1x4096"));
  }

  /** Zeiler and Fergus 2013, figure 3: 110, 55, 26, 13, 13, 13, 6. */
  @Test
  void zfnet() {
    assertVolumes("zfnet", volumes("conv1", "110x110x96", "pool1", "55x55x96", "conv2", "26x26x256",
        "pool2", "13x13x256", "conv3", "13x13x384", "conv4", "13x13x384", "conv5", "13x13x256", "pool5", "6x6x256"));
  }

  /** The notes' VGG-16 table, volume by volume. */
  @Test
  void vgg16() {
    assertVolumes("vgg16", volumes("conv1_1", "224x224x64", "conv1_2", "224x224x64", "pool1", "112x112x64",
        "conv2_2", "112x112x128", "pool2", "56x56x128", "conv3_3", "56x56x256", "pool3", "28x28x256",
        "conv4_3", "28x28x512", "pool4", "14x14x512", "conv5_3", "14x14x512", "pool5", "7x7x512",
        "fc6", "1x1x4096", "fc7", "1x1x4096", "fc8", "1x1x1000"));
    assertEquals(16, Zoo.get("vgg16").build(REGISTRY, 1).nodes().stream()
        .filter(n -> List.of("Conv", "FC").contains(n.spec().type())).count(), "16 CONV/FC layers");
  }

  @Test
  void resnets() {
    assertVolumes("resnet18", volumes("conv1", "112x112x64", "maxpool", "56x56x64", "layer1.1.relu2", "56x56x64",
        "layer2.0.downsample.1", "28x28x128", "layer2.1.relu2", "28x28x128", "layer3.1.relu2", "14x14x256",
        "layer4.1.relu2", "7x7x512", "avgpool", "1x1x512"));
    assertVolumes("resnet50", volumes("layer1.0.conv1", "56x56x64", "layer1.2.relu3", "56x56x256",
        "layer2.0.conv2", "28x28x128", "layer4.2.relu3", "7x7x2048"));
  }

  @Test
  void googlenet() {
    assertVolumes("googlenet", volumes("conv1.relu", "112x112x64", "maxpool1", "56x56x64", "conv3.relu", "56x56x192",
        "maxpool2", "28x28x192", "inception3a", "28x28x256", "inception3b", "28x28x480", "maxpool3", "14x14x480",
        "inception4a", "14x14x512", "inception4e", "14x14x832", "maxpool4", "7x7x832", "inception5b", "7x7x1024",
        "avgpool", "1x1x1024"));
  }

  /** The notes: VGG-16 or AlexNet converted to CONVs over a 384x384 image gives a 6x6x1000 score map. */
  @Test
  void convertedToConvsVgg16AndAlexnetScore384ImagesAsA6x6Map() {
    Network vgg = FullyConvolutional.convert(Zoo.get("vgg16").build(REGISTRY, 1), REGISTRY,
        Shape.nchw(1, 3, 384, 384));
    assertEquals(Shape.nchw(1, 1000, 6, 6), vgg.shape("fc8"));
    assertEquals("Conv", vgg.node("fc6").spec().type());
    assertArrayEquals(new int[] {7, 7}, vgg.node("fc6").spec().attributes().ints("kernel", 2, 0));
    assertEquals("6x6x4096", vgg.shape("fc6").toNotesString());
    assertEquals(138_357_544L, vgg.parameterCount());
    Network alexnet = FullyConvolutional.convert(Zoo.get("alexnet").build(REGISTRY, 1), REGISTRY,
        Shape.nchw(1, 3, 384, 384));
    assertEquals(Shape.nchw(1, 1000, 6, 6), alexnet.shape("fc8"));
  }
}
