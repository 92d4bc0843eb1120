package io.berth.eventsourcing.projection;

import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The two tables every projection shares: the next topic offset per partition (so a restart continues where the
 * last committed transaction ended, and an empty table means "replay from zero"), and the last applied sequence
 * per aggregate (so a duplicate or an older event is skipped). Both are written in the projection's transaction.
 */
final class Checkpoints {
    static final List<String> SCHEMA = List.of(
            "create table if not exists berth_projection_offset (projection varchar(200) not null, topic varchar(249) not null,"
                    + " kafka_partition int not null, next_offset bigint not null, primary key (projection, topic, kafka_partition))",
            "create table if not exists berth_projection_checkpoint (projection varchar(200) not null, aggregate_type varchar(32) not null,"
                    + " aggregate_id varchar(255) not null, sequence bigint not null, primary key (projection, aggregate_type, aggregate_id))");

    private Checkpoints() {
    }

    static Uni<Long> lastSequence(Mutiny.Session s, String projection, String aggregateType, String aggregateId) {
        return s.createNativeQuery("select sequence from berth_projection_checkpoint where projection = :p and aggregate_type = :t and aggregate_id = :a", Long.class)
                .setParameter("p", projection).setParameter("t", aggregateType).setParameter("a", aggregateId)
                .getSingleResultOrNull()
                .map(v -> v == null ? 0L : v);
    }

    /** An aggregate's last applied sequence, as {@link #save} records it. */
    record Sequence(String aggregateType, String aggregateId, long sequence) {
    }

    /**
     * Records a batch's sequences and next offsets in one statement (one round trip to the database instead of one per
     * aggregate and partition: a batch is on the path of every command that waits for its view).
     */
    static Uni<Void> save(Mutiny.Session s, String projection, List<Sequence> sequences, Map<TopicPartition, Long> next) {
        StringBuilder sql = new StringBuilder();
        Map<String, Object> values = new HashMap<>();
        values.put("p", projection);
        if (!sequences.isEmpty()) {
            sql.append("with saved_sequences as (insert into berth_projection_checkpoint (projection, aggregate_type, aggregate_id, sequence) values ");
            for (int i = 0; i < sequences.size(); i++) {
                Sequence q = sequences.get(i);
                sql.append(i == 0 ? "" : ", ").append("(:p, :t").append(i).append(", :a").append(i).append(", :s").append(i).append(')');
                values.put("t" + i, q.aggregateType());
                values.put("a" + i, q.aggregateId());
                values.put("s" + i, q.sequence());
            }
            sql.append(" on conflict (projection, aggregate_type, aggregate_id) do update set sequence = excluded.sequence) ");
        }
        sql.append("insert into berth_projection_offset (projection, topic, kafka_partition, next_offset) values ");
        int i = 0;
        for (var e : next.entrySet()) {
            sql.append(i == 0 ? "" : ", ").append("(:p, :topic").append(i).append(", :k").append(i).append(", :o").append(i).append(')');
            values.put("topic" + i, e.getKey().topic());
            values.put("k" + i, e.getKey().partition());
            values.put("o" + i, e.getValue());
            i++;
        }
        sql.append(" on conflict (projection, topic, kafka_partition) do update set next_offset = excluded.next_offset");
        var statement = s.createNativeQuery(sql.toString());
        values.forEach(statement::setParameter);
        return statement.executeUpdate().replaceWithVoid();
    }

    static Uni<Map<TopicPartition, Long>> loadOffsets(Mutiny.Session s, String projection) {
        return s.createNativeQuery("select topic, kafka_partition, next_offset from berth_projection_offset where projection = :p", Object[].class)
                .setParameter("p", projection)
                .getResultList()
                .map(rows -> {
                    Map<TopicPartition, Long> m = new HashMap<>();
                    for (Object[] row : rows) {
                        m.put(new TopicPartition((String) row[0], ((Number) row[1]).intValue()), ((Number) row[2]).longValue());
                    }
                    return m;
                });
    }

    static Uni<Void> clear(Mutiny.Session s, String projection) {
        return s.createNativeQuery("delete from berth_projection_offset where projection = :p").setParameter("p", projection).executeUpdate()
                .chain(() -> s.createNativeQuery("delete from berth_projection_checkpoint where projection = :p").setParameter("p", projection).executeUpdate())
                .replaceWithVoid();
    }
}
