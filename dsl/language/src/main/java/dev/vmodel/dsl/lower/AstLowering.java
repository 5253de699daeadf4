package dev.vmodel.dsl.lower;

import dev.vmodel.dsl.vModel.Binary;
import dev.vmodel.dsl.vModel.BlockDef;
import dev.vmodel.dsl.vModel.BlockParam;
import dev.vmodel.dsl.vModel.BoolLiteral;
import dev.vmodel.dsl.vModel.Classes;
import dev.vmodel.dsl.vModel.Comparison;
import dev.vmodel.dsl.vModel.Const;
import dev.vmodel.dsl.vModel.Flow;
import dev.vmodel.dsl.vModel.Input;
import dev.vmodel.dsl.vModel.Merge;
import dev.vmodel.dsl.vModel.Mix;
import dev.vmodel.dsl.vModel.Model;
import dev.vmodel.dsl.vModel.ModelMember;
import dev.vmodel.dsl.vModel.Negate;
import dev.vmodel.dsl.vModel.NumberLiteral;
import dev.vmodel.dsl.vModel.Param;
import dev.vmodel.dsl.vModel.Ref;
import dev.vmodel.dsl.vModel.Repeat;
import dev.vmodel.dsl.vModel.Residual;
import dev.vmodel.dsl.vModel.Setting;
import dev.vmodel.dsl.vModel.Split;
import dev.vmodel.dsl.vModel.SplitPart;
import dev.vmodel.dsl.vModel.Statement;
import dev.vmodel.dsl.vModel.StringLiteral;
import dev.vmodel.dsl.vModel.Train;
import dev.vmodel.dsl.vModel.VModelPackage.Literals;
import dev.vmodel.dsl.vModel.Variant;
import dev.vmodel.semantic.Diagnostic;
import dev.vmodel.semantic.IssueCodes;
import dev.vmodel.semantic.SourceLocation;
import dev.vmodel.semantic.decl.Arg;
import dev.vmodel.semantic.decl.BlockDecl;
import dev.vmodel.semantic.decl.Expr;
import dev.vmodel.semantic.decl.InputDecl;
import dev.vmodel.semantic.decl.ModelDecl;
import dev.vmodel.semantic.decl.ParamDecl;
import dev.vmodel.semantic.decl.SpecFile;
import dev.vmodel.semantic.decl.Stage;
import dev.vmodel.semantic.decl.Stmt;
import dev.vmodel.semantic.decl.TrainDecl;
import dev.vmodel.semantic.decl.VariantDecl;
import dev.vmodel.semantic.model.Axis;
import dev.vmodel.semantic.model.MergeOp;
import dev.vmodel.semantic.model.ShapeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Lowers a parsed EMF {@code SpecFile} into the EMF-free {@link SpecFile} records the semantic
 * checks work on, with a {@link SourceLocation} on every record.
 *
 * <p>Works on partial ASTs (after syntax errors every feature may be null): elements the grammar
 * could not have produced (no name, a split without parts, an input without dimensions, a chain
 * without stages) are dropped, a missing required expression becomes the number {@code 1}, so
 * every record is one a valid spec could give. Bodies and expressions
 * nested deeper than {@link #MAX_NESTING} levels (bracket depth or AST depth) are reported once
 * per file as {@link IssueCodes#NESTING_TOO_DEEP} and not lowered below the limit, so that the
 * recursive semantic passes never see them.
 */
public final class AstLowering {

    /** The deepest nesting of bodies and expressions the semantic model accepts. */
    public static final int MAX_NESTING = 200;

    public static final String NESTING_MESSAGE =
            "nesting deeper than " + MAX_NESTING + " levels; flatten the spec with blocks";

    /** The lowered file and the problems lowering found (duplicates, nesting). */
    public record Result(SpecFile spec, List<Diagnostic> diagnostics) {}

    private final String file;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private Diagnostic nesting;

    private AstLowering(String file) {
        this.file = file;
    }

    /**
     * @param ast the parsed root, may be null (nothing parsed)
     * @param file the path string every location of this file carries
     * @param importResolver maps an import as written to the path string of the file it names
     *     (what {@link SpecFile.Import#path()} holds); identity when null
     */
    public static Result lower(dev.vmodel.dsl.vModel.SpecFile ast, String file, UnaryOperator<String> importResolver) {
        AstLowering l = new AstLowering(file);
        SpecFile spec = l.specFile(ast, importResolver == null ? UnaryOperator.identity() : importResolver);
        if (ast != null) l.checkBracketNesting(ast);
        if (l.nesting != null) l.diagnostics.add(l.nesting);
        return new Result(spec, List.copyOf(l.diagnostics));
    }

    // ------------------------------------------------------------------------------------------
    // Declarations

    private SpecFile specFile(dev.vmodel.dsl.vModel.SpecFile ast, UnaryOperator<String> importResolver) {
        if (ast == null) return new SpecFile(file, List.of(), List.of(), List.of());
        List<SpecFile.Import> imports = new ArrayList<>();
        for (dev.vmodel.dsl.vModel.Import i : ast.getImports()) {
            if (i.getImportURI() == null) continue;
            imports.add(new SpecFile.Import(importResolver.apply(i.getImportURI()), loc(i)));
        }
        List<ModelDecl> models = new ArrayList<>();
        for (Model m : ast.getModels()) if (m.getName() != null) models.add(model(m));
        List<BlockDecl> blocks = new ArrayList<>();
        for (BlockDef b : ast.getBlocks()) if (b.getName() != null) blocks.add(block(b));
        return new SpecFile(file, List.copyOf(imports), List.copyOf(models), List.copyOf(blocks));
    }

    private ModelDecl model(Model m) {
        List<ParamDecl> params = new ArrayList<>();
        List<VariantDecl> variants = new ArrayList<>();
        List<Statement> statements = new ArrayList<>();
        Input input = null;
        Classes classes = null;
        Train train = null;
        for (ModelMember member : m.getMembers()) {
            if (member instanceof Param p) {
                if (p.getName() != null)
                    params.add(new ParamDecl(
                            p.getName(), optionalExpr(p.getDefault(), 1), doc(p), nameLoc(p, Literals.PARAM__NAME)));
            } else if (member instanceof Input in) {
                if (input == null) input = in;
                else duplicate("input", m, in, input);
            } else if (member instanceof Classes c) {
                if (classes == null) classes = c;
                else duplicate("classes", m, c, classes);
            } else if (member instanceof Variant v) {
                if (v.getName() != null)
                    variants.add(new VariantDecl(
                            v.getName(), args(v.getBindings(), 1), doc(v), nameLoc(v, Literals.VARIANT__NAME)));
            } else if (member instanceof Train t) {
                if (train == null) train = t;
                else duplicate("train", m, t, train);
            } else if (member instanceof Statement s) {
                statements.add(s);
            }
        }
        InputDecl inputDecl = null;
        if (input != null && !input.getDims().isEmpty()) { // no dims only after a syntax error
            List<Expr> dims = new ArrayList<>();
            for (dev.vmodel.dsl.vModel.Expr d : input.getDims()) dims.add(expr(d, 1));
            inputDecl = new InputDecl(shapeKind(input.getKind()), List.copyOf(dims), loc(input));
        }
        Expr classesExpr = classes == null || classes.getCount() == null ? null : expr(classes.getCount(), 1);
        TrainDecl trainDecl = null;
        if (train != null) {
            List<Arg> settings = new ArrayList<>();
            for (Setting s : train.getSettings()) {
                if (s.getName() == null || s.getValue() == null) continue;
                settings.add(new Arg(s.getName(), expr(s.getValue(), 1), loc(s)));
            }
            trainDecl = new TrainDecl(List.copyOf(settings), loc(train));
        }
        return new ModelDecl(
                m.getName(),
                doc(m),
                nameLoc(m, Literals.MODEL__NAME),
                List.copyOf(params),
                inputDecl,
                classesExpr,
                List.copyOf(variants),
                trainDecl,
                body(statements, 1));
    }

    private void duplicate(String what, Model m, EObject second, EObject first) {
        SourceLocation firstLoc = loc(first);
        diagnostics.add(Diagnostic.error(
                IssueCodes.DUPLICATE_DECLARATION,
                "duplicate '" + what + "' in model " + m.getName() + " (the first is at line " + firstLoc.line()
                        + "); only the first is used",
                loc(second)));
    }

    private BlockDecl block(BlockDef b) {
        List<ParamDecl> params = new ArrayList<>();
        for (BlockParam p : b.getParams()) {
            if (p.getName() == null) continue;
            params.add(new ParamDecl(
                    p.getName(), optionalExpr(p.getDefault(), 1), doc(p), nameLoc(p, Literals.BLOCK_PARAM__NAME)));
        }
        return new BlockDecl(
                b.getName(), doc(b), nameLoc(b, Literals.BLOCK_DEF__NAME), List.copyOf(params), body(b.getBody(), 1));
    }

    // ------------------------------------------------------------------------------------------
    // Statements and stages

    private List<Stmt> body(List<? extends Statement> statements, int depth) {
        if (statements.isEmpty()) return List.of();
        if (depth > MAX_NESTING) {
            tooDeep(statements.get(0));
            return List.of();
        }
        List<Stmt> out = new ArrayList<>(statements.size());
        for (Statement s : statements) {
            Stmt lowered = statement(s, depth);
            if (lowered != null) out.add(lowered);
        }
        return List.copyOf(out);
    }

    private Stmt statement(Statement s, int depth) {
        if (s instanceof Split split) {
            List<Stmt.Split.Part> parts = new ArrayList<>();
            for (SplitPart p : split.getParts()) {
                if (p.getName() == null) continue;
                parts.add(new Stmt.Split.Part(
                        p.getName(), optionalExpr(p.getSize(), depth + 1), nameLoc(p, Literals.SPLIT_PART__NAME)));
            }
            if (parts.isEmpty()) return null; // only after a syntax error; the grammar needs a part
            return new Stmt.Split(axis(split.getAxis()), List.copyOf(parts), loc(split));
        }
        if (s instanceof Const c) {
            if (c.getName() == null || c.getValue() == null) return null; // only after a syntax error
            List<Expr> dims = new ArrayList<>();
            for (dev.vmodel.dsl.vModel.Expr d : c.getDims()) dims.add(expr(d, depth + 1));
            return new Stmt.Const(
                    c.getName(),
                    nameLoc(c, Literals.CONST__NAME),
                    dims,
                    c.getIndices(),
                    expr(c.getValue(), depth + 1),
                    loc(c));
        }
        if (s instanceof Flow flow) {
            List<Stage> stages = new ArrayList<>();
            for (dev.vmodel.dsl.vModel.Stage st : flow.getStages()) {
                Stage lowered = stage(st, depth);
                if (lowered != null) stages.add(lowered);
            }
            if (stages.isEmpty()) return null;
            SourceLocation targetLoc = flow.getTarget() == null ? null : nameLoc(flow, Literals.FLOW__TARGET);
            return new Stmt.Flow(flow.getTarget(), targetLoc, List.copyOf(stages), loc(flow));
        }
        return null;
    }

    private Stage stage(dev.vmodel.dsl.vModel.Stage st, int depth) {
        if (st instanceof Merge m) {
            Stage.Call left = call(m.getLeft(), depth);
            Stage.Call right = call(m.getRight(), depth);
            MergeOp op = mergeOp(m.getOp());
            if (left == null || right == null || op == null) return left != null ? left : right;
            return new Stage.Merge(op, left, right, loc(m));
        }
        if (st instanceof dev.vmodel.dsl.vModel.Call c) return call(c, depth);
        if (st instanceof Repeat r) {
            return new Stage.Repeat(
                    requiredExpr(r.getCount(), r, depth + 1), r.getIndex(), body(r.getBody(), depth + 1), loc(r));
        }
        if (st instanceof Residual r) return new Stage.Residual(body(r.getBody(), depth + 1), loc(r));
        if (st instanceof Mix m) return new Stage.Mix(axis(m.getAxis()), body(m.getBody(), depth + 1), loc(m));
        return null;
    }

    private Stage.Call call(dev.vmodel.dsl.vModel.Call c, int depth) {
        if (c == null || c.getName() == null) return null;
        return new Stage.Call(c.getName(), args(c.getArgs(), depth + 1), c.isParens(), loc(c), c.getLabel());
    }

    private List<Arg> args(List<dev.vmodel.dsl.vModel.Arg> args, int depth) {
        if (args.isEmpty()) return List.of();
        List<Arg> out = new ArrayList<>(args.size());
        for (dev.vmodel.dsl.vModel.Arg a : args) {
            if (a.getValue() == null) continue;
            out.add(new Arg(a.getName(), expr(a.getValue(), depth), loc(a)));
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------------------------------
    // Expressions

    private Expr optionalExpr(dev.vmodel.dsl.vModel.Expr e, int depth) {
        return e == null ? null : expr(e, depth);
    }

    private Expr requiredExpr(dev.vmodel.dsl.vModel.Expr e, EObject owner, int depth) {
        return e == null ? new Expr.Number("1", loc(owner)) : expr(e, depth);
    }

    private Expr expr(dev.vmodel.dsl.vModel.Expr e, int depth) {
        SourceLocation loc = loc(e);
        if (depth > MAX_NESTING) {
            tooDeep(e);
            return new Expr.Number("0", loc);
        }
        if (e instanceof NumberLiteral n) return new Expr.Number(n.getValue() == null ? "1" : n.getValue(), loc);
        if (e instanceof BoolLiteral b) return new Expr.Bool("true".equals(b.getValue()), loc);
        if (e instanceof StringLiteral s) return new Expr.Text(s.getValue() == null ? "" : s.getValue(), loc);
        if (e instanceof Ref r) {
            if (r.getName() == null) return new Expr.Number("1", loc);
            if (r.isCall()) return new Expr.Call(r.getName(), args(r.getArgs(), depth + 1), loc);
            if (r.isIndexed()) {
                List<Expr> indices = new ArrayList<>();
                for (dev.vmodel.dsl.vModel.Expr i : r.getIndices()) indices.add(expr(i, depth + 1));
                return new Expr.Index(r.getName(), List.copyOf(indices), loc);
            }
            return new Expr.Ref(r.getName(), loc);
        }
        if (e instanceof Binary b) {
            if (b.getLeft() == null
                    || b.getRight() == null
                    || b.getOp() == null
                    || b.getOp().isEmpty()) {
                dev.vmodel.dsl.vModel.Expr only = b.getLeft() != null ? b.getLeft() : b.getRight();
                return only == null ? new Expr.Number("1", loc) : expr(only, depth + 1);
            }
            return new Expr.Binary(
                    b.getOp().charAt(0), expr(b.getLeft(), depth + 1), expr(b.getRight(), depth + 1), loc);
        }
        if (e instanceof Negate n) return new Expr.Negate(requiredExpr(n.getOperand(), n, depth + 1), loc);
        if (e instanceof Comparison c) {
            if (c.getLeft() == null || c.getRight() == null || c.getOp() == null) {
                dev.vmodel.dsl.vModel.Expr only = c.getLeft() != null ? c.getLeft() : c.getRight();
                return only == null ? new Expr.Number("1", loc) : expr(only, depth + 1);
            }
            return new Expr.Compare(c.getOp(), expr(c.getLeft(), depth + 1), expr(c.getRight(), depth + 1), loc);
        }
        return new Expr.Number("1", loc);
    }

    // ------------------------------------------------------------------------------------------
    // Nesting

    private void tooDeep(EObject at) {
        if (nesting == null) nesting = Diagnostic.error(IssueCodes.NESTING_TOO_DEEP, NESTING_MESSAGE, loc(at));
    }

    /**
     * Parentheses leave no trace in the AST ({@code ((x))} is just {@code x}), so bracket depth is
     * checked on the tokens: the first {@code (} or {@code {} past the limit is reported, unless
     * the AST check found an earlier place.
     */
    private void checkBracketNesting(EObject ast) {
        ICompositeNode node = NodeModelUtils.getNode(ast);
        if (node == null) return;
        ICompositeNode root = node.getRootNode();
        int depth = 0;
        for (ILeafNode leaf : root.getLeafNodes()) {
            if (leaf.isHidden()) continue;
            String t = leaf.getText();
            if (t.length() != 1) continue;
            char c = t.charAt(0);
            if (c == '(' || c == '{') {
                if (++depth > MAX_NESTING) {
                    SourceLocation at = Locations.ofNode(file, leaf);
                    if (nesting == null || nesting.location().offset() > at.offset())
                        nesting = Diagnostic.error(IssueCodes.NESTING_TOO_DEEP, NESTING_MESSAGE, at);
                    return;
                }
            } else if ((c == ')' || c == '}') && depth > 0) {
                depth--;
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Helpers

    private SourceLocation loc(EObject o) {
        return Locations.ofElement(file, o);
    }

    private SourceLocation nameLoc(EObject o, org.eclipse.emf.ecore.EStructuralFeature f) {
        return Locations.ofFeature(file, o, f);
    }

    private static ShapeKind shapeKind(dev.vmodel.dsl.vModel.ShapeKind k) {
        return k == null ? ShapeKind.IMAGE : ShapeKind.valueOf(k.name());
    }

    private static Axis axis(dev.vmodel.dsl.vModel.Axis a) {
        return a == null ? Axis.CHANNELS : Axis.valueOf(a.name());
    }

    private static MergeOp mergeOp(String op) {
        if (op == null) return null;
        try {
            return MergeOp.ofSymbol(op);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The {@code /** ... *}{@code /} comment right before an element (only whitespace between), with
     * the markers and each line's leading {@code *} stripped; null when there is none.
     */
    public static String doc(EObject element) {
        ICompositeNode node = NodeModelUtils.getNode(element);
        if (node == null) return null;
        String last = null;
        for (ILeafNode leaf : node.getLeafNodes()) {
            if (!leaf.isHidden()) break;
            if (leaf.getGrammarElement() instanceof TerminalRule rule) {
                switch (rule.getName()) {
                    case "ML_COMMENT" -> last = leaf.getText();
                    case "SL_COMMENT" -> last = null;
                    default -> {}
                }
            }
        }
        return last == null ? null : docText(last);
    }

    static String docText(String comment) {
        if (!comment.startsWith("/**") || comment.equals("/**/") || !comment.endsWith("*/")) return null;
        String body = comment.substring(3, comment.length() - 2);
        StringBuilder out = new StringBuilder();
        for (String line : body.split("\r\n|\r|\n", -1)) {
            String l = line.strip();
            if (l.startsWith("*")) l = l.substring(1).strip();
            if (out.length() > 0) out.append('\n');
            out.append(l);
        }
        String text = out.toString().strip();
        return text.isEmpty() ? null : text;
    }
}
