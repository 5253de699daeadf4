package dev.vmodel.dsl.ide;

import dev.vmodel.dsl.vModel.Arg;
import dev.vmodel.dsl.vModel.BlockDef;
import dev.vmodel.dsl.vModel.BlockParam;
import dev.vmodel.dsl.vModel.Call;
import dev.vmodel.dsl.vModel.Model;
import dev.vmodel.dsl.vModel.Param;
import dev.vmodel.dsl.vModel.Ref;
import dev.vmodel.dsl.vModel.VModelPackage;
import dev.vmodel.dsl.vModel.Variant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.util.EcoreUtil;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Where the blocks and parameters of a spec are used. The grammar names them by plain identifiers,
 * not Xtext cross-references (a called name may also be a built-in primitive), so Xtext's
 * reference finder sees no uses; this follows the language's own rules instead: a call uses the
 * block its file can see by that name (its own or an imported one); a model's parameter is used by
 * the names in that model's expressions and by its variants' bindings; a block's parameter by the
 * names in that block's body and by the named arguments of calls of the block, in any file.
 */
final class NameUses {
    private NameUses() {}

    /** A declaration whose uses can be found: a block, a model parameter or a block parameter. */
    static boolean isDeclaration(EObject element) {
        return element instanceof BlockDef || element instanceof Param || element instanceof BlockParam;
    }

    /**
     * The declaration named at {@code offset}, where {@code element} is the innermost element
     * there: the declaration itself, a call of a block, a name in an expression, a variant's
     * binding, or a named argument of a block call.
     */
    static Optional<EObject> declarationAt(Resource resource, EObject element, int offset) {
        if (element == null) return Optional.empty();
        if (isDeclaration(element)) return Optional.of(element);
        if (element instanceof Call call && call.getName() != null)
            return VisibleBlocks.named(resource, call.getName()).map(b -> b);
        if (element instanceof Ref ref && !ref.isCall() && ref.getName() != null) return paramOf(ref, ref.getName());
        if (element instanceof Arg arg && arg.getName() != null && onName(arg, offset)) {
            if (arg.eContainer() instanceof Variant variant)
                return modelParam(EcoreUtil2.getContainerOfType(variant, Model.class), arg.getName());
            if (arg.eContainer() instanceof Call call && call.getName() != null)
                return VisibleBlocks.named(resource, call.getName()).flatMap(b -> blockParam(b, arg.getName()));
        }
        return Optional.empty();
    }

    /** The parameter that a name in an expression refers to: of its block or of its model. */
    private static Optional<EObject> paramOf(EObject at, String name) {
        BlockDef block = EcoreUtil2.getContainerOfType(at, BlockDef.class);
        if (block != null) return blockParam(block, name);
        return modelParam(EcoreUtil2.getContainerOfType(at, Model.class), name);
    }

    private static Optional<EObject> blockParam(BlockDef block, String name) {
        return block.getParams().stream()
                .filter(p -> name.equals(p.getName()))
                .<EObject>map(p -> p)
                .findFirst();
    }

    private static Optional<EObject> modelParam(Model model, String name) {
        if (model == null) return Optional.empty();
        return model.getMembers().stream()
                .filter(m -> m instanceof Param p && name.equals(p.getName()))
                .findFirst()
                .map(m -> m);
    }

    /**
     * Reports each use of {@code declaration} in {@code resource} as the element and the feature
     * that holds the name. Model parameters are used only in their own model, so only in the
     * declaring file.
     */
    static void usesIn(Resource resource, EObject declaration, BiConsumer<EObject, EStructuralFeature> use) {
        if (resource.getContents().isEmpty()) return;
        EObject root = resource.getContents().get(0);
        VModelPackage v = VModelPackage.eINSTANCE;
        if (declaration instanceof BlockDef block) {
            for (Call call : EcoreUtil2.getAllContentsOfType(root, Call.class)) {
                if (callsBlock(resource, call, block)) use.accept(call, v.getCall_Name());
            }
        } else if (declaration instanceof Param param && param.eContainer() instanceof Model model) {
            if (model.eResource() != resource) return;
            for (Ref ref : EcoreUtil2.getAllContentsOfType(model, Ref.class)) {
                if (!ref.isCall() && param.getName().equals(ref.getName())) use.accept(ref, v.getRef_Name());
            }
            for (Variant variant : EcoreUtil2.getAllContentsOfType(model, Variant.class)) {
                for (Arg binding : variant.getBindings()) {
                    if (param.getName().equals(binding.getName())) use.accept(binding, v.getArg_Name());
                }
            }
        } else if (declaration instanceof BlockParam param && param.eContainer() instanceof BlockDef block) {
            if (block.eResource() == resource) {
                for (Ref ref : EcoreUtil2.getAllContentsOfType(block, Ref.class)) {
                    if (!ref.isCall() && param.getName().equals(ref.getName())) use.accept(ref, v.getRef_Name());
                }
            }
            for (Call call : EcoreUtil2.getAllContentsOfType(root, Call.class)) {
                if (!callsBlock(resource, call, block)) continue;
                for (Arg arg : call.getArgs()) {
                    if (param.getName().equals(arg.getName())) use.accept(arg, v.getArg_Name());
                }
            }
        }
    }

    private static boolean callsBlock(Resource resource, Call call, BlockDef block) {
        if (call.getName() == null || !call.getName().equals(block.getName())) return false;
        return VisibleBlocks.named(resource, call.getName())
                .map(found -> EcoreUtil.getURI(found).equals(EcoreUtil.getURI(block)))
                .orElse(false);
    }

    private static boolean onName(Arg arg, int offset) {
        List<INode> nodes = NodeModelUtils.findNodesForFeature(arg, VModelPackage.eINSTANCE.getArg_Name());
        return nodes.stream().anyMatch(n -> n.getOffset() <= offset && offset <= n.getEndOffset());
    }
}
