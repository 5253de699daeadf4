package dev.vmodel.semantic.infer;

import dev.vmodel.semantic.decl.Stmt;
import dev.vmodel.semantic.eval.Evaluator;
import dev.vmodel.semantic.eval.Names;
import dev.vmodel.semantic.eval.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Evaluates {@code const} tables element by element, and remembers each one.
 *
 * <p>A table is a function of its statement, its sizes and the values of the names its expression
 * reads (params, earlier tables), nothing else. A block called twelve times (Swin-T's blocks) or
 * checked for every variant, and a spec revalidated at each keystroke in an editor, would
 * otherwise evaluate the same tables again: Swin-T's shift masks alone are 200,000 elements. So
 * the first evaluation records what it read, and a later one with the same statement, sizes and
 * read values takes the table as it is (the reads are repeated, so the caller sees every name
 * used). On swin.vmodel in the language server ({@code LatencyBenchmark}) this took a hover from
 * 134 to 100 ms and the diagnostics' p95 from 293 to 226 ms.
 */
final class ConstTables {
    private ConstTables() {}

    /** Tables kept per statement: one per distinct set of read values, the most recent few. */
    private static final int KEPT_PER_STATEMENT = 8;

    /** The most elements kept in all (8 bytes each): the least recently used statements go first. */
    private static final long KEPT_ELEMENTS = 4_000_000;

    /**
     * Keyed by the statement as parsed (records compare by content, locations included), so a spec
     * parsed again finds its tables; in access order, for the eviction. Guarded by itself.
     */
    private static final LinkedHashMap<Stmt.Const, List<Evaluated>> EVALUATED = new LinkedHashMap<>(64, 0.75f, true);

    /** The elements of every table in {@link #EVALUATED}. Guarded by it. */
    private static long keptElements;

    /** A table and what its evaluation read. */
    private record Evaluated(
            long[] dims, Map<String, Value> outerReads, Map<String, Value.Table> tableReads, Value.Table table) {}

    /**
     * The table of {@code c} with the given sizes.
     *
     * @param c the statement
     * @param dims its evaluated sizes
     * @param elements their product
     * @param tables the tables defined before it in the same body
     * @param outer the names outside the table (params, lets)
     * @param read told the name of every earlier table the expression reads
     * @return the table
     */
    static Value.Table evaluate(
            Stmt.Const c,
            long[] dims,
            int elements,
            Map<String, Value.Table> tables,
            Names outer,
            Consumer<String> read) {
        for (Evaluated e : kept(c)) {
            if (Arrays.equals(e.dims, dims) && sameReads(e, tables, outer, c)) {
                e.tableReads.keySet().forEach(read);
                return e.table;
            }
        }
        Evaluated e = evaluateAnew(c, dims, elements, tables, outer);
        e.tableReads.keySet().forEach(read);
        keep(c, e);
        return e.table;
    }

    private static List<Evaluated> kept(Stmt.Const c) {
        synchronized (EVALUATED) {
            List<Evaluated> l = EVALUATED.get(c);
            return l == null ? List.of() : List.copyOf(l);
        }
    }

    private static void keep(Stmt.Const c, Evaluated e) {
        synchronized (EVALUATED) {
            List<Evaluated> l = EVALUATED.computeIfAbsent(c, k -> new ArrayList<>());
            if (l.size() == KEPT_PER_STATEMENT)
                keptElements -= l.remove(0).table.values().length;
            l.add(e);
            keptElements += e.table.values().length;
            Iterator<List<Evaluated>> eldest = EVALUATED.values().iterator();
            while (keptElements > KEPT_ELEMENTS && eldest.hasNext()) {
                List<Evaluated> gone = eldest.next();
                if (gone == l) break; // the statement just evaluated stays
                for (Evaluated g : gone) keptElements -= g.table.values().length;
                eldest.remove();
            }
        }
    }

    private static boolean sameReads(Evaluated e, Map<String, Value.Table> tables, Names outer, Stmt.Const c) {
        for (Map.Entry<String, Value.Table> t : e.tableReads.entrySet()) {
            if (!t.getValue().equals(tables.get(t.getKey()))) return false;
        }
        for (Map.Entry<String, Value> r : e.outerReads.entrySet()) {
            if (tables.containsKey(r.getKey())) return false; // now a table, read before the outer name
            if (!Objects.equals(r.getValue(), outer.lookup(r.getKey(), c.source()))) return false;
        }
        return true;
    }

    private static Evaluated evaluateAnew(
            Stmt.Const c, long[] dims, int elements, Map<String, Value.Table> tables, Names outer) {
        int rank = dims.length;
        long[] index = new long[rank];
        Map<String, Value> outerReads = new LinkedHashMap<>();
        Map<String, Value.Table> tableReads = new LinkedHashMap<>();
        Names names = (name, at) -> {
            int k = c.indices().indexOf(name);
            if (k >= 0) return new Value.Int(index[k]);
            Value.Table t = tables.get(name);
            if (t != null) {
                tableReads.put(name, t);
                return t;
            }
            Value v = outer.lookup(name, at);
            if (!outerReads.containsKey(name)) outerReads.put(name, v);
            return v;
        };
        double[] values = new double[elements];
        boolean integral = true;
        for (int i = 0; i < values.length; i++) {
            Value v = Evaluator.eval(c.value(), names);
            if (v instanceof Value.Int n) {
                values[i] = n.value();
            } else if (v instanceof Value.Real r) {
                values[i] = r.value();
                integral = false;
            } else if (v instanceof Value.Bool b) {
                values[i] = b.value() ? 1 : 0;
            } else {
                throw Evaluator.notANumber(v, c.value());
            }
            for (int k = rank - 1; k >= 0 && ++index[k] == dims[k]; k--) index[k] = 0;
        }
        Value.Table table = new Value.Table(Arrays.stream(dims).boxed().toList(), values, integral);
        return new Evaluated(dims.clone(), outerReads, tableReads, table);
    }
}
