package io.gatewatch.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BuildCommitTest {
    @Test
    void theCommitIsTheAbbreviatedIdMarkedDirtyWhenTheTreeHadChanges() {
        assertThat(RuntimeState.buildCommit(properties("git.commit.id.abbrev=4daa6db0c1f2\ngit.dirty=false\n")))
                .isEqualTo("4daa6db0c1f2");
        assertThat(RuntimeState.buildCommit(properties("git.commit.id.abbrev=4daa6db0c1f2\ngit.dirty=true\n")))
                .isEqualTo("4daa6db0c1f2-dirty");
    }

    @Test
    void aBuildWithoutGitInformationSaysUnknown() {
        assertThat(RuntimeState.buildCommit(null)).isEqualTo("unknown");
        assertThat(RuntimeState.buildCommit(properties("git.dirty=false\n"))).isEqualTo("unknown");
        assertThat(RuntimeState.buildCommit(properties("git.commit.id.abbrev=\n"))).isEqualTo("unknown");
    }

    @Test
    void thisBuildRecordedItsCommitWhenItRanInACheckout() {
        String commit = RuntimeState.buildCommit();
        if (insideGitCheckout()) {
            assertThat(commit).matches("[0-9a-f]{12}(-dirty)?");
        } else {
            assertThat(commit).isEqualTo("unknown");
        }
    }

    private static boolean insideGitCheckout() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git"))) {
                return true;
            }
        }
        return false;
    }

    private static InputStream properties(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
