package dev.parley.edge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.testkit.fuzz.FuzzCampaign;
import dev.parley.testkit.fuzz.Hostile;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The REST parameter parser against hostile values: it either returns values within the rules or
 * refuses with {@link ApiErrors.BadRequest} (400 {@code invalid_request}); nothing else escapes.
 */
class RestParamsFuzzTest {
    private static final List<String> SEEDS = List.of("12", "0", "200", "alice,bob", "0b7c2f0e-6d1c-4a8e-9d36-1c7e3c1f9a10");

    private record Input(int kind, List<String> values) {
    }

    @Test
    void parametersAreParsedOrRefusedWithInvalidRequest() {
        FuzzCampaign.Result result = FuzzCampaign.run("edge-rest-params", RestParamsFuzzTest::input,
                RestParamsFuzzTest::check);
        assertThat(result.crashes()).isZero();
    }

    private static Input input(SplittableRandom r) {
        int n = r.nextInt(10) == 0 ? r.nextInt(0, 3) : 1;
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            values[i] = switch (r.nextInt(4)) {
                case 0 -> Hostile.string(r);
                case 1 -> new String(Hostile.mutate(r, SEEDS.get(r.nextInt(SEEDS.size())).getBytes()),
                        java.nio.charset.StandardCharsets.UTF_8);
                case 2 -> String.join(",", java.util.Collections.nCopies(r.nextInt(1, 300), Hostile.string(r)));
                default -> SEEDS.get(r.nextInt(SEEDS.size()));
            };
        }
        return new Input(r.nextInt(3), List.of(values));
    }

    private static void check(Input in) {
        try {
            switch (in.kind()) {
                case 0 -> {
                    Long n = RestParams.number("limit", in.values(), 1, 200);
                    assertThat(n == null ? in.values().isEmpty() : n >= 1 && n <= 200).isTrue();
                }
                case 1 -> {
                    List<String> ids = RestParams.userIds(in.values());
                    assertThat(ids).isNotEmpty().hasSizeLessThanOrEqualTo(RestParams.MAX_PRESENCE_USERS)
                            .allMatch(Ids::valid).doesNotHaveDuplicates();
                }
                default -> {
                    for (String v : in.values()) {
                        assertThat(Ids.valid(RestParams.id("id", v))).isTrue();
                    }
                }
            }
        } catch (ApiErrors.BadRequest e) {
            assertThat(dev.parley.common.text.Unicode.isWellFormed(e.getMessage())).isTrue();
        }
    }
}
