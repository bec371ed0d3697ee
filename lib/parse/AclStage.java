package ovntrace.parse;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a logical switch stage stands in ACL evaluation, read from its stage name (never from its table number, which
 * moves between OVN versions). OVN 23.03 decides and acts in one stage per ACL family ({@code ls_in_acl},
 * {@code ls_in_acl_after_lb}, {@code ls_out_acl}); OVN 24+ splits each family into tiers of {@code _eval} (the ACL's
 * own flow: sets a verdict register such as {@code reg8[17] = 1} for a drop), {@code _sample} and {@code _action}
 * (acts on the verdict: a drop clears the registers and ends the pipeline). {@code _hint} stages only prepare
 * conntrack bits and decide nothing.
 */
public record AclStage(String family, Step step) {

    public enum Step {
        /** OVN 23.x: verdict and action in one flow. */
        SINGLE,
        HINT,
        /** OVN 24+: the ACL's flow; its match wraps the ACL's and ovn-detrace annotates it with the ACL. */
        EVAL,
        SAMPLE,
        /** OVN 24+: carries out the verdict an _eval flow set. */
        ACTION
    }

    /**
     * northd wraps an ACL's match in register tests on the verdict flow: {@code reg0[9] == 1 && (<acl match>)} on
     * 23.03, with a tier test such as {@code reg8[30..31] == 2 && } in front when ACLs have tiers (OVN 24+).
     */
    private static final Pattern REGISTER_TEST = Pattern.compile("^(?:reg\\d+(?:\\[[0-9.]+])? == \\w+ && )+\\((.*)\\)$");
    /** northd adds 1000 to an ACL's priority for its verdict flow. */
    private static final int ACL_PRIORITY_OFFSET = 1000;

    private static final Pattern NAME = Pattern.compile("^(ls_(?:in|out)_acl(?:_after_lb)?)(?:_(hint|eval|sample|action))?$");

    public static Optional<AclStage> of(String stageName) {
        Matcher m = NAME.matcher(stageName == null ? "" : stageName);
        if (!m.matches()) return Optional.empty();
        Step step = m.group(2) == null ? Step.SINGLE : Step.valueOf(m.group(2).toUpperCase(Locale.ROOT));
        return Optional.of(new AclStage(m.group(1), step));
    }

    /** The flow is where an ACL's verdict is taken, so its match and priority are the ACL's (wrapped by northd). */
    public boolean decides() {
        return step == Step.SINGLE || step == Step.EVAL;
    }

    /** A verdict is carried out here (23.03's single stage, or an OVN 24+ _sample/_action flow), not only prepared. */
    public boolean acts() {
        return step == Step.SINGLE || step == Step.SAMPLE || step == Step.ACTION;
    }

    /**
     * The index of the flow that took the verdict flow {@code at} carries out, among flows in visiting order: {@code at}
     * itself when it decides, else the nearest earlier flow of the same family that decides (the {@code _eval} before
     * an {@code _action}), looking back only while the flows stay in that family; -1 if there is none.
     */
    static int decision(List<String> stageNames, int at) {
        Optional<AclStage> here = of(stageNames.get(at));
        if (here.isEmpty() || here.get().step == Step.HINT) return -1;
        for (int i = at; i >= 0; i--) {
            Optional<AclStage> s = of(stageNames.get(i));
            if (s.isEmpty() || !s.get().family.equals(here.get().family)) return -1;
            if (s.get().decides()) return i;
        }
        return -1;
    }

    /** The ACL's own match, from its verdict flow's match; the flow's match as is when it is not wrapped. */
    public static String aclMatch(String flowMatch) {
        Matcher m = REGISTER_TEST.matcher(flowMatch == null ? "" : flowMatch);
        return m.matches() ? m.group(1) : nz(flowMatch);
    }

    /** The ACL's own priority, from its verdict flow's. */
    public static int aclPriority(int flowPriority) {
        return flowPriority >= ACL_PRIORITY_OFFSET ? flowPriority - ACL_PRIORITY_OFFSET : flowPriority;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
