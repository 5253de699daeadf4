package dev.vmodel.semantic.model;

/** How named values are combined. */
public enum MergeOp {
    ADD("+", "add"),
    SUBTRACT("-", "subtract"),
    MULTIPLY("*", "multiply"),
    DIVIDE("/", "divide"),
    CONCAT("concat", "concatenate");

    private final String symbol;
    private final String verb;

    MergeOp(String symbol, String verb) {
        this.symbol = symbol;
        this.verb = verb;
    }

    public String symbol() {
        return symbol;
    }

    public String verb() {
        return verb;
    }

    public static MergeOp ofSymbol(String s) {
        for (MergeOp op : values()) if (op.symbol.equals(s)) return op;
        throw new IllegalArgumentException("not a merge operator: " + s);
    }
}
