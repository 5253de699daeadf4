package dev.vmodel.dsl.validation;

import dev.vmodel.dsl.load.BigStack;
import java.util.List;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.ResourceValidatorImpl;

/**
 * Xtext's resource validation (linking, EMF's recursive diagnostician, our checks) on a thread
 * with a large stack, so that deeply nested specs are reported, not crashed on.
 */
public class VModelResourceValidator extends ResourceValidatorImpl {
    @Override
    public List<Issue> validate(Resource resource, CheckMode mode, CancelIndicator mon) {
        return BigStack.get("vmodel-validation", () -> super.validate(resource, mode, mon));
    }
}
