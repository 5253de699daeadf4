package dev.vmodel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's 30-second example must stay a valid spec with the shapes its comment claims. */
class ReadmeExampleTest {
    @Test
    void theReadmeSpecValidatesAndSummarises(@TempDir Path dir) throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher m = Pattern.compile("```\\n(/\\*\\* A small ViT.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertTrue(m.find(), "README example not found");
        Path spec = dir.resolve("tiny-vit.vmodel");
        Files.writeString(spec, m.group(1));
        VModelCliTest.Run validate = VModelCliTest.run("validate", spec.toString());
        assertEquals("", validate.out());
        assertEquals(0, validate.exit());
        VModelCliTest.Run summary = VModelCliTest.run("summary", spec.toString(), "--variant", "wide");
        assertEquals(0, summary.exit(), summary.err());
        assertTrue(summary.out().contains("tokens[64,384]"), summary.out()); // [3,32,32] -> [64, dim]
        assertTrue(summary.out().contains("tokens[65,384]"), summary.out()); // + class token
    }
}
