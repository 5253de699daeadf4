package dev.vmodel.generator;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch twin of the tensor constructs that the shifted-window spec leaves out (slice,
 * l2norm, hardSwish, roll on a negative axis, split and concat along a tensor's last axis, real
 * constant tables with every function and with Python-style {@code /} and {@code %} on negative
 * integers, divide and broadcasting merges against weights and consts, an einsum with a weight,
 * the literal 1 in a rearrange) computes what the DJL model computes, checked as
 * {@link PythonDjlParityTest} checks the zoo.
 */
class PythonTensorOpsParityTest {
    @Test
    void tensorOpsTwinGivesTheDjlOutput(@TempDir Path dir) throws IOException {
        new PythonDjlParityTest()
                .twinGivesTheDjlOutput("python-twin/tensor-ops.vmodel", "TensorOps", "small", "dim=12", dir);
    }

    /** Python keywords as a rearrange axis, const tables, their indices and a weight's label. */
    @Test
    void keywordNamedConstructsGiveTheDjlOutput(@TempDir Path dir) throws IOException {
        new PythonDjlParityTest()
                .twinGivesTheDjlOutput("python-twin/hostile-tensors.vmodel", "Hostile", "only", "dim=8", dir);
    }
}
