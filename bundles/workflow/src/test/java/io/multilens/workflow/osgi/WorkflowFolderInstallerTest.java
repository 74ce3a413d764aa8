package io.multilens.workflow.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A watched workflow's results folder is named after the file; names that could not be one of their own are refused. */
class WorkflowFolderInstallerTest {

    @Test
    void resultsFolderNames() {
        assertEquals(Optional.of("quickstart"), WorkflowFolderInstaller.base(new File("/w/quickstart.yaml")));
        assertEquals(Optional.of("résumé"), WorkflowFolderInstaller.base(new File("/w/résumé.yml")));
        // ".yaml" and "..yaml" both named DIR/out itself; "...yaml" was refused without a reason
        for (String odd : new String[] {".yaml", "..yaml", "...yaml", ".hidden.yaml", "-x.yaml"}) {
            assertEquals(Optional.empty(), WorkflowFolderInstaller.base(new File("/w/" + odd)), odd);
        }
    }
}
