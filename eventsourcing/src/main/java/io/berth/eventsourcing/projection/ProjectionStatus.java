package io.berth.eventsourcing.projection;

/**
 * How far a projection is: {@code lag} is the number of offsets (records and transaction markers) between what it
 * has applied and the end of its topics; {@code applied} and {@code skipped} count events since this process started.
 */
public record ProjectionStatus(String name, String state, long lag, long applied, long skipped, String lastError) {
}
