package dev.parley.topology.internal;

/**
 * Node and store names of the topology. Store names are part of the changelog topic names
 * ({@code <application-id>-<store>-changelog}): renaming one abandons its state.
 */
public final class Names {
    public static final String COMMANDS_SOURCE = "commands-source";
    public static final String GATE = "stage1-gate";
    public static final String GATE_TO_CONVERSATIONS = "stage1-to-commands-by-conversation";
    public static final String GATE_REPLIES = "stage1-replies";
    public static final String GATE_DEAD_LETTERS = "stage1-dead-letters";

    public static final String BY_CONVERSATION_SOURCE = "commands-by-conversation-source";
    public static final String MEMBERSHIPS_SOURCE = "memberships-source";
    public static final String MEMBERSHIPS = "stage2-memberships";
    public static final String MEMBERSHIPS_DEAD_LETTERS = "stage2-memberships-dead-letters";
    public static final String CONVERSATIONS = "stage2-conversations";
    public static final String MESSAGES_SINK = "stage2-messages";
    public static final String DELIVERIES_SINK = "stage2-deliveries";
    public static final String READS_SINK = "stage2-reads";
    public static final String CONVERSATION_REPLIES = "stage2-replies";
    public static final String CONVERSATION_DEAD_LETTERS = "stage2-dead-letters";

    /** userId → token bucket state. */
    public static final String BUCKETS_STORE = "rate-buckets";
    /** conversationId → latest ConversationMembers. */
    public static final String MEMBERS_STORE = "members";
    /** conversationId → last assigned seq. */
    public static final String SEQUENCES_STORE = "sequences";
    /** dedupe key (conversation, sender, clientMsgId) → original ack and its time. */
    public static final String DEDUPE_STORE = "dedupe";
    /** userId + conversationId → record time of the last forwarded typing; in memory, not changelogged. */
    public static final String TYPING_STORE = "typing-throttle";
    /** conversationId/userId → read position. */
    public static final String READS_STORE = "read-positions";

    private Names() {
    }
}
