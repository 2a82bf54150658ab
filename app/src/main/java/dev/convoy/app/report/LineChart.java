package dev.convoy.app.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain line chart with axes, ticks, a title and a legend, drawn into a rectangle of a Graphics2D. */
final class LineChart {
  record Series(String label, Color color, double[] xs, double[] ys, boolean markers) {}

  private final String title;
  private final String xLabel;
  private final List<Series> series = new ArrayList<>();
  private Double xMin;
  private Double xMax;
  private Double yMin;
  private Double yMax;

  LineChart(String title, String xLabel) {
    this.title = title;
    this.xLabel = xLabel;
  }

  LineChart add(Series s) {
    series.add(s);
    return this;
  }

  /** Fixes the x range, e.g. [0, epochs]. */
  LineChart xRange(double min, double max) {
    this.xMin = min;
    this.xMax = max;
    return this;
  }

  /** Fixes the y range, e.g. [0, 1] for accuracies. */
  LineChart yRange(double min, double max) {
    this.yMin = min;
    this.yMax = max;
    return this;
  }

  void draw(Graphics2D g, int left, int top, int width, int height) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    int plotLeft = left + 60;
    int plotTop = top + 30;
    int plotWidth = width - 80;
    int plotHeight = height - 75;
    double[] range = range();
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, plotLeft, top + 18);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int i = 0; i <= 4; i++) {
      double y = range[2] + (range[3] - range[2]) * i / 4;
      int py = plotTop + plotHeight - (int) Math.round(plotHeight * i / 4.0);
      g.setColor(new Color(230, 230, 230));
      g.drawLine(plotLeft + 1, py, plotLeft + plotWidth - 1, py);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%.3g", y), left + 5, py + 4);
      double x = range[0] + (range[1] - range[0]) * i / 4;
      int px = plotLeft + (int) Math.round(plotWidth * i / 4.0);
      g.drawString(String.format(Locale.ROOT, "%.3g", x), px - 10, plotTop + plotHeight + 15);
    }
    // The frame goes over the grid lines, which would otherwise hide its top and bottom.
    g.drawRect(plotLeft, plotTop, plotWidth, plotHeight);
    g.drawString(xLabel, plotLeft + plotWidth / 2 - 20, plotTop + plotHeight + 32);
    int legendY = plotTop + 15;
    for (Series s : series) {
      g.setColor(s.color());
      g.setStroke(new BasicStroke(s.markers() ? 2f : 1f));
      int previousX = -1;
      int previousY = -1;
      for (int i = 0; i < s.xs().length; i++) {
        int px = plotLeft + (int) Math.round((s.xs()[i] - range[0]) / (range[1] - range[0]) * plotWidth);
        int py = plotTop + plotHeight - (int) Math.round((s.ys()[i] - range[2]) / (range[3] - range[2]) * plotHeight);
        if (previousX >= 0) {
          g.drawLine(previousX, previousY, px, py);
        }
        if (s.markers()) {
          g.fillOval(px - 4, py - 4, 8, 8);
        }
        previousX = px;
        previousY = py;
      }
      g.fillRect(plotLeft + plotWidth - 150, legendY - 8, 12, 8);
      g.setColor(Color.BLACK);
      g.drawString(s.label(), plotLeft + plotWidth - 132, legendY);
      legendY += 16;
    }
    g.setStroke(new BasicStroke(1f));
  }

  /** xMin, xMax, yMin, yMax over every series, padded so flat lines still show. */
  private double[] range() {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double x : s.xs()) {
        xMin = Math.min(xMin, x);
        xMax = Math.max(xMax, x);
      }
      for (double y : s.ys()) {
        lo = Math.min(lo, y);
        hi = Math.max(hi, y);
      }
    }
    if (this.xMin != null) {
      xMin = this.xMin;
      xMax = this.xMax;
    }
    if (!(xMax > xMin)) {
      xMin -= 0.5;
      xMax += 0.5;
    }
    if (yMin != null) {
      lo = yMin;
      hi = yMax;
    } else if (!(hi > lo)) {
      lo -= 0.5;
      hi += 0.5;
    } else {
      lo = Math.max(0, lo - 0.05 * (hi - lo));
    }
    return new double[] {xMin, xMax, lo, hi};
  }
}
