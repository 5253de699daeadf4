package dev.vmodel.runtime.bench.report;

import java.util.Locale;

/**
 * How the table and the chart write figures: always {@link Locale#ROOT} (a decimal point whatever
 * the machine's language, so that reports from different machines compare line by line), and
 * {@value #MISSING} for a figure that was not measured.
 */
final class Formats {
    /** The cell of a figure that is missing (NaN): the twin was not run, the cost is unknown. */
    static final String MISSING = "-";

    private Formats() {}

    /**
     * A figure with a fixed number of decimals: {@code fixed(13.25, 1)} is {@code 13.2}.
     *
     * @param value the figure
     * @param decimals digits after the point
     * @return the text, {@value #MISSING} when not finite
     */
    static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return MISSING;
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /**
     * A throughput ratio: {@code 1.23x}.
     *
     * @param ratio vmodel over PyTorch
     * @return the text, {@value #MISSING} when not finite
     */
    static String ratio(double ratio) {
        return Double.isFinite(ratio) ? fixed(ratio, 2) + "x" : MISSING;
    }

    /**
     * A share as a percentage with one decimal: {@code 0.378} is {@code 37.8%}.
     *
     * @param share the share
     * @return the text, {@value #MISSING} when not finite
     */
    static String percent(double share) {
        return Double.isFinite(share) ? fixed(100 * share, 1) + "%" : MISSING;
    }

    /**
     * A parameter count in millions or thousands: {@code 5.87M}, {@code 12.3k}, {@code 950}.
     *
     * @param params the count
     * @return the text
     */
    static String params(long params) {
        if (params >= 1_000_000) {
            return fixed(params / 1e6, 2) + "M";
        }
        if (params >= 1_000) {
            return fixed(params / 1e3, 1) + "k";
        }
        return Long.toString(params);
    }
}
