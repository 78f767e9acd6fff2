package dev.parley.common.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CodesTest {
    @Test
    void onlyRateLimitedAndUnavailableAreTemporary() {
        assertThat(Arrays.stream(ErrorCode.values()).filter(ErrorCode::temporary))
                .containsExactlyInAnyOrder(ErrorCode.RATE_LIMITED, ErrorCode.UNAVAILABLE);
    }

    @Test
    void closeCodesAreTheContractsNumbers() {
        assertThat(Arrays.stream(CloseCode.values()).mapToInt(CloseCode::code))
                .containsExactly(1000, 1001, 1002, 1007, 1008, 1009, 1011, 4001);
    }
}
