package dev.vmodel.runtime.blocks;

import ai.djl.ndarray.NDManager;
import dev.vmodel.runtime.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Opens a fresh PyTorch manager per test. */
abstract class TestBase {

    protected NDManager m;

    @BeforeEach
    void openManager() {
        m = Engines.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        m.close();
    }
}
