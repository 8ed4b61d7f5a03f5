package co.mesa.ticket;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full SLA recompute splits an entity's open cases into id ranges done side by side (issue 32): the
 * ranges must cover every id exactly once in PostgreSQL's uuid order (unsigned, byte by byte).
 */
class RecomputeRangesTest {

    /** PostgreSQL's uuid comparison: memcmp of the 16 bytes. */
    static int pgCompare(UUID a, UUID b) {
        return java.util.Arrays.compareUnsigned(bytes(a), bytes(b));
    }

    static byte[] bytes(UUID u) {
        return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    }

    @Test
    void everyIdFallsInExactlyOneRangeForAnyNumberOfWorkers() {
        Random random = new Random(32);
        UUID[] ids = new UUID[20_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = new UUID(random.nextLong(), random.nextLong());
        }
        // Edge ids: the first and last of each possible first byte.
        UUID[] edges = new UUID[512];
        for (int b = 0; b < 256; b++) {
            edges[2 * b] = new UUID((long) b << 56, 1L);
            edges[2 * b + 1] = new UUID(((long) b << 56) | 0x00FF_FFFF_FFFF_FFFFL, -2L);
        }
        for (int n = 1; n <= 16; n++) {
            for (int i = 0; i < n; i++) {
                assertThat(pgCompare(CaseSweeps.bound(i, n), CaseSweeps.bound(i + 1, n))).as("n=%d i=%d", n, i)
                        .isNegative();
            }
            for (UUID[] set : new UUID[][] {ids, edges}) {
                for (UUID id : set) {
                    int in = 0;
                    for (int i = 0; i < n; i++) {
                        if (pgCompare(id, CaseSweeps.bound(i, n)) > 0 && pgCompare(id, CaseSweeps.bound(i + 1, n)) <= 0) {
                            in++;
                        }
                    }
                    assertThat(in).as("%s with %d ranges", id, n).isEqualTo(1);
                }
            }
        }
        // Two ranges split at the first byte's half.
        assertThat(CaseSweeps.bound(1, 2)).isEqualTo(UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff"));
    }
}
