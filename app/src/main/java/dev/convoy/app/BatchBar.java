package dev.convoy.app;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar over batches on stderr when it is a terminal; otherwise one line saying what is
 * under way, so a log shows why nothing else comes for a while, without carriage-return updates.
 */
final class BatchBar implements AutoCloseable {
  private final String task;
  private final PrintWriter plain;
  private ProgressBar bar;

  private BatchBar(String task, PrintWriter plain) {
    this.task = task;
    this.plain = plain;
  }

  static BatchBar onTerminal(String task, PrintWriter err) {
    return new BatchBar(task, Terminal.stderrIsTerminal() ? null : err);
  }

  void step(int index, int total) {
    if (index == 1) {
      start(total);
    }
    if (bar != null) {
      bar.stepTo(index);
    }
  }

  private void start(int total) {
    if (plain != null) {
      plain.printf(Locale.ROOT, "convoy: %s, %,d batches...%n", task, total);
      plain.flush();
      return;
    }
    bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" batches", 1)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
