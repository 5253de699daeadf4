package dev.vmodel.eclipse;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Platform;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * The bundle's life cycle: when the bundle stops, the embedded language server (if one was
 * started) is shut down, so that its threads do not outlive the workbench.
 */
public final class VModelPlugin implements BundleActivator {
    public static final String ID = "dev.vmodel.eclipse";

    /** The type of the problem markers this plugin writes (plugin.xml, extension "problem"). */
    public static final String PROBLEM_MARKER = ID + ".problem";

    @Override
    public void start(BundleContext context) {}

    @Override
    public void stop(BundleContext context) {
        SpecServer.shutdown();
    }

    static ILog log() {
        return Platform.getLog(VModelPlugin.class);
    }
}
