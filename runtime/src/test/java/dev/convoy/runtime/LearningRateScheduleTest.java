package dev.convoy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void stepDecayMultipliesEveryNEpochs() {
    LearningRateSchedule s = LearningRateSchedule.step(0.1f, 2, 0.5f);
    assertEquals(0.1f, s.at(1), 1e-7);
    assertEquals(0.1f, s.at(2), 1e-7);
    assertEquals(0.05f, s.at(3), 1e-7);
    assertEquals(0.025f, s.at(5), 1e-7);
    assertEquals(0.1f, LearningRateSchedule.step(0.1f, 0, 0.5f).at(9), 1e-7);
  }

  @Test
  void cosineStartsAtTheBaseAndHalvesMidway() {
    LearningRateSchedule s = LearningRateSchedule.cosine(0.1f, 4);
    assertEquals(0.1f, s.at(1), 1e-7);
    assertEquals(0.05f, s.at(3), 1e-7);                                    // cos(pi/2) = 0
    assertEquals(0.1 * (1 + Math.cos(3 * Math.PI / 4)) / 2, s.at(4), 1e-7);
  }
}
