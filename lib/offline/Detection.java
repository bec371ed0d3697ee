package ovntrace.lib.offline;

import java.nio.file.Path;

/** What the reader found in its input: the gather's image folder, and how its objects and databases are laid out. */
public record Detection(Path imageDir, ObjectLayout objects, DatabaseLayout databases) {

    /** One line for logs and errors: which layout, because of which files. */
    public String why() {
        return databases.why() + "; objects: " + objects.why();
    }
}
