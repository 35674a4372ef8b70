package dev.etaglab.bench.report;

import java.util.List;
import java.util.Locale;

/** Number and table formatting shared by the report and the comparison. */
final class Format {

    private Format() {
    }

    /** Three or four significant digits, thousands separated: 1,234,567 / 123.4 / 1.23 / 0.0123. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 0.1 || abs == 0) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.2g", value);
    }

    /* Below one byte per operation is the profiler's own noise (JMH's loop, amortised), not the code. */
    static String allocation(double bytesPerOp) {
        return Double.isNaN(bytesPerOp) ? "" : bytesPerOp < 1 ? "≈ 0" : number(bytesPerOp);
    }

    /** {@code 1,234 ± 56}, or just the score when JMH had no interval. */
    static String scoreWithError(double score, double error) {
        return Double.isNaN(error) ? number(score) : number(score) + " ± " + number(error);
    }

    static String markdownRow(List<String> cells) {
        return "| " + String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |";
    }

    static String markdownTable(List<String> header, List<List<String>> rows, String alignment) {
        StringBuilder out = new StringBuilder(markdownRow(header)).append('\n');
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < header.size(); i++) {
            rule.append(i < alignment.length() && alignment.charAt(i) == 'r' ? "---:|" : "---|");
        }
        out.append(rule).append('\n');
        rows.forEach(row -> out.append(markdownRow(row)).append('\n'));
        return out.toString();
    }

    /** A plain-text table with columns padded to width; 'r' in alignment right-aligns a column. */
    static String textTable(List<String> header, List<List<String>> rows, String alignment) {
        int[] width = new int[header.size()];
        for (List<String> row : concat(header, rows)) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : concat(header, rows)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                String pad = " ".repeat(width[i] - cell.length());
                boolean right = i < alignment.length() && alignment.charAt(i) == 'r';
                line.append(right ? pad + cell : cell + pad).append(i + 1 < row.size() ? "  " : "");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static List<List<String>> concat(List<String> header, List<List<String>> rows) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(header), rows.stream()).toList();
    }
}
