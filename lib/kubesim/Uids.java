package ovntrace.kubesim;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Stable object uids, so every start of the same topology serves identical objects. */
final class Uids {

    private Uids() {}

    static String of(String kind, String name) {
        return UUID.nameUUIDFromBytes((kind + "/" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
