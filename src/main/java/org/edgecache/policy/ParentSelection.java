package org.edgecache.policy;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a request goes next: ATS's parent selection over the {@code parent.config} rules and the parents' health.
 * For the first rule that covers the request it orders the rule's parents by its {@code round_robin}, drops those
 * that are down (keeping those due a retry, flagged), and ends with the origin itself when {@code go_direct=true}.
 *
 * <ul>
 * <li>{@code false}: the parents in file order.</li>
 * <li>{@code true}: starting at the parent picked by the client's address, then the rest in order.</li>
 * <li>{@code strict}: starting at the next parent in turn (one counter per rule), then the rest in order.</li>
 * <li>{@code consistent_hash}: the owner of the request's hash input ({@link ParentRequest#hashInput}) on the
 * {@code parent} ring; then, when the rule has them, the {@code secondary_parent} ring from the same input; then
 * the rest of the {@code parent} ring in ring order. So while the owner is down its URLs spread over the others,
 * and when it is back they return to it.</li>
 * </ul>
 */
public final class ParentSelection {
    /** Why the route is what it is. */
    public enum Reason {
        /** No rule covers the request: the origin is asked directly, as without parent.config. */
        NO_RULE,
        /** The rule has no parents and {@code go_direct=true}. */
        GO_DIRECT,
        /** Parents to try, in order (then the origin if {@code go_direct=true}). */
        PARENTS,
        /** Every parent is down; {@code go_direct=true}: the origin is asked. */
        ALL_DOWN_GO_DIRECT,
        /** Every parent is down and {@code go_direct=false}: nothing may be asked. */
        ALL_DOWN
    }

    /** One next hop: a parent (flagged when it is a retry of a parent marked down), or the origin itself. */
    public record Hop(ParentRule.Parent parent, boolean retry) {
        public static final Hop DIRECT = new Hop(null, false);

        public boolean direct() {
            return parent == null;
        }

        @Override
        public String toString() {
            return direct() ? "direct" : parent + (retry ? " (retry)" : "");
        }
    }

    /** The hops in the order to try them, and why; empty hops: answer 502. */
    public record Route(List<Hop> hops, Reason reason, ParentRule rule) {
        /** Whether requests to the parents are in absolute form (the rule's parent_is_proxy; true without rule). */
        public boolean parentIsProxy() {
            return rule == null || rule.parentIsProxy();
        }
    }

    private final List<ParentRule> rules;
    private final ParentHealth health;
    private final Map<ParentRule, ParentRing> primaryRings = new IdentityHashMap<>();
    private final Map<ParentRule, ParentRing> secondaryRings = new IdentityHashMap<>();
    private final Map<ParentRule, AtomicLong> turns = new IdentityHashMap<>();

    public ParentSelection(List<ParentRule> rules, ParentHealth health) {
        this.rules = List.copyOf(rules);
        this.health = health;
        for (ParentRule r : this.rules) {
            if (r.roundRobin() == ParentRule.RoundRobin.CONSISTENT_HASH) {
                primaryRings.put(r, new ParentRing(r.parents()));
                secondaryRings.put(r, new ParentRing(r.secondary()));
            }
            turns.put(r, new AtomicLong());
        }
    }

    public List<ParentRule> rules() {
        return rules;
    }

    public ParentHealth health() {
        return health;
    }

    public Route route(ParentRequest request) {
        Optional<ParentRule> match = ParentConfig.match(rules, request);
        if (match.isEmpty()) {
            return new Route(List.of(Hop.DIRECT), Reason.NO_RULE, null);
        }
        ParentRule rule = match.get();
        if (rule.parents().isEmpty()) {
            return new Route(List.of(Hop.DIRECT), Reason.GO_DIRECT, rule);
        }
        List<Hop> hops = new ArrayList<>();
        for (ParentRule.Parent p : order(rule, request)) {
            ParentHealth.State s = health.state(p);
            if (s != ParentHealth.State.DOWN) {
                hops.add(new Hop(p, s == ParentHealth.State.RETRY));
            }
        }
        boolean anyParent = !hops.isEmpty();
        if (rule.goDirect()) {
            hops.add(Hop.DIRECT);
        }
        Reason reason = anyParent ? Reason.PARENTS : rule.goDirect() ? Reason.ALL_DOWN_GO_DIRECT : Reason.ALL_DOWN;
        return new Route(List.copyOf(hops), reason, rule);
    }

    /** The rule's parents (and secondary parents) in the order its round_robin gives this request. */
    List<ParentRule.Parent> order(ParentRule rule, ParentRequest request) {
        List<ParentRule.Parent> parents = rule.parents();
        int n = parents.size();
        return switch (rule.roundRobin()) {
            case FALSE -> parents;
            case TRUE -> rotate(parents, Math.floorMod(ParentRing.hash(request.clientIp()), n));
            case STRICT -> rotate(parents, (int) Math.floorMod(turns.get(rule).getAndIncrement(), (long) n));
            case CONSISTENT_HASH -> {
                String key = request.hashInput(rule.ignoreQuery());
                List<ParentRule.Parent> primary = primaryRings.get(rule).walk(key);
                List<ParentRule.Parent> out = new ArrayList<>(n + rule.secondary().size());
                out.add(primary.get(0));
                out.addAll(secondaryRings.get(rule).walk(key));
                out.addAll(primary.subList(1, primary.size()));
                yield out;
            }
        };
    }

    private static List<ParentRule.Parent> rotate(List<ParentRule.Parent> parents, int start) {
        List<ParentRule.Parent> out = new ArrayList<>(parents.size());
        for (int i = 0; i < parents.size(); i++) {
            out.add(parents.get((start + i) % parents.size()));
        }
        return out;
    }
}
