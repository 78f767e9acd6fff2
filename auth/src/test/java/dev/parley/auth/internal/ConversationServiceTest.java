package dev.parley.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.auth.Conversation;
import dev.parley.auth.TestServices;
import dev.parley.auth.User;
import dev.parley.auth.internal.http.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConversationServiceTest {
    private final TestServices t = new TestServices();
    private final ConversationService service = new ConversationService(t.conversations, t.clock);

    private List<String> users(int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            t.users.create(new User(id, "u" + id.substring(0, 8) + i, "x", t.clock.instant()));
            ids.add(id);
        }
        return ids;
    }

    @Test
    void aGroupHoldsAtMostTenThousandMembers() {
        List<String> ids = users(Conversation.MAX_GROUP_MEMBERS + 1);
        String creator = ids.getFirst();
        Conversation g = service.createGroup(creator, "big", ids.subList(1, 1000));
        for (int from = 1000; from < Conversation.MAX_GROUP_MEMBERS; from += 1000) {
            service.addMembers(creator, g.id(), ids.subList(from, from + 1000));
        }
        assertThat(service.get(creator, g.id()).members()).hasSize(Conversation.MAX_GROUP_MEMBERS);
        int outboxBefore = t.conversations.outboxEntries().size();
        assertThatThrownBy(() -> service.addMembers(creator, g.id(), List.of(ids.getLast())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(service.get(creator, g.id()).members()).hasSize(Conversation.MAX_GROUP_MEMBERS);
        assertThat(t.conversations.outboxEntries()).hasSize(outboxBefore);
    }

    @Test
    void anUnknownUserAmongManyChangesNothing() {
        List<String> ids = users(3);
        Conversation g = service.createGroup(ids.get(0), "g", List.of(ids.get(1)));
        assertThatThrownBy(() -> service.addMembers(ids.get(0), g.id(), List.of(ids.get(2), UUID.randomUUID().toString())))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("not_found"));
        assertThat(service.get(ids.get(0), g.id()).members()).containsExactly(ids.get(0), ids.get(1));
    }

    @Test
    void snapshotsCarryKindTitleAndChangeTime() {
        List<String> ids = users(2);
        Conversation d = service.createDirect(ids.get(0), List.of(ids.get(1))).conversation();
        var snapshot = t.conversations.outboxEntries().getLast();
        assertThat(snapshot.conversationId()).isEqualTo(d.id());
        assertThat(snapshot.kind()).isEqualTo("direct");
        assertThat(snapshot.title()).isNull();
        assertThat(snapshot.changedAt()).isEqualTo(t.clock.instant());
    }
}
