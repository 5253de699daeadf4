package dev.vmodel.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.vmodel.semantic.eval.Value;
import dev.vmodel.semantic.model.ModelInstance;
import dev.vmodel.semantic.model.Shape;
import java.util.List;

/**
 * The summary as JSON, one object per variant: model, variant, file, params, macs,
 * attentionMacs, input, output, the bound params, and every layer (repeats fully expanded).
 */
public final class SummaryJson {
    private static final Gson GSON =
            new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private SummaryJson() {}

    public static String toJson(List<ModelInstance> instances) {
        JsonArray all = new JsonArray();
        for (ModelInstance m : instances) all.add(object(m));
        return GSON.toJson(all);
    }

    static JsonObject object(ModelInstance m) {
        JsonObject o = new JsonObject();
        o.addProperty("model", m.model());
        o.addProperty("variant", m.variant());
        o.addProperty("file", m.source().file());
        o.addProperty("line", m.source().line());
        o.addProperty("params", m.cost().params());
        o.addProperty("macs", m.cost().macs());
        o.addProperty("attentionMacs", m.cost().attentionMacs());
        o.add("input", shape(m.input()));
        o.add("output", shape(m.output()));
        o.addProperty("classes", m.classes());
        JsonObject params = new JsonObject();
        m.params().forEach((k, v) -> {
            if (v instanceof Value.Int i) params.addProperty(k, i.value());
            else if (v instanceof Value.Real r) params.addProperty(k, r.value());
            else if (v instanceof Value.Bool b) params.addProperty(k, b.value());
            else params.addProperty(k, v.show());
        });
        o.add("bindings", params);
        JsonArray layers = new JsonArray();
        for (LayerRow r : SummaryRows.rows(m, false)) {
            if (!r.leaf()) continue;
            JsonObject l = new JsonObject();
            l.addProperty("path", r.path());
            l.addProperty("layer", r.label());
            JsonArray outs = new JsonArray();
            for (Shape s : r.outputs()) outs.add(shape(s));
            l.add("output", r.outputs().size() == 1 ? outs.get(0) : outs);
            l.addProperty("params", r.cost().params());
            l.addProperty("macs", r.cost().macs());
            l.addProperty("attentionMacs", r.cost().attentionMacs());
            l.addProperty("line", r.source().line());
            layers.add(l);
        }
        o.add("layers", layers);
        return o;
    }

    private static JsonObject shape(Shape s) {
        JsonObject o = new JsonObject();
        o.addProperty("kind", s.kind().word());
        JsonArray dims = new JsonArray();
        for (long d : s.dims()) dims.add(d);
        o.add("dims", dims);
        return o;
    }
}
