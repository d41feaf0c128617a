package io.certsync.cdn.benchmark;

import java.util.Locale;

/** A small SVG bar chart of calls per second against a limit line, written without a library. */
final class SvgChart {

  private SvgChart() {}

  static String callsPerSecond(int[] perSecond, int limit, String title) {
    int width = 760;
    int height = 320;
    int left = 50;
    int bottom = 40;
    int top = 40;
    int max = limit + 5;
    for (int v : perSecond) {
      max = Math.max(max, v + 5);
    }
    double barWidth = (width - left - 20) / (double) Math.max(1, perSecond.length);
    double scale = (height - top - bottom) / (double) max;
    StringBuilder svg = new StringBuilder();
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
            width,
            height));
    svg.append(
        String.format(
            Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    svg.append(
        String.format(
            Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>%n", left, title));
    for (int i = 0; i < perSecond.length; i++) {
      double h = perSecond[i] * scale;
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a7bd0\"/>%n",
              left + i * barWidth + 1,
              height - bottom - h,
              Math.max(1, barWidth - 2),
              h));
    }
    double limitY = height - bottom - limit * scale;
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d0463b\" stroke-width=\"2\" stroke-dasharray=\"6,4\"/>%n",
            left,
            limitY,
            width - 20,
            limitY));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%.1f\" fill=\"#d0463b\">limit %d/s</text>%n",
            width - 110,
            limitY - 6,
            limit));
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
            left,
            height - bottom,
            width - 20,
            height - bottom));
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
            left,
            top,
            left,
            height - bottom));
    for (int v = 0; v <= max; v += 10) {
      double y = height - bottom - v * scale;
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>%n",
              left - 6,
              y + 4,
              v));
    }
    int step = Math.max(1, perSecond.length / 10);
    for (int i = 0; i < perSecond.length; i += step) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
              left + (i + 0.5) * barWidth,
              height - bottom + 16,
              i));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds since the renewal began</text>%n",
            (width + left) / 2,
            height - 6));
    svg.append("</svg>\n");
    return svg.toString();
  }
}
