package dev.vmodel.semantic.model;

import java.util.List;

/** The elaborated statements of a model, block, residual, mix or repeat iteration. */
public record Body(List<Step> steps, Shape in, Shape out) {
    public Body {
        steps = List.copyOf(steps);
    }

    public Cost cost() {
        Cost c = Cost.ZERO;
        for (Step s : steps) c = c.plus(s.node().cost());
        return c;
    }
}
