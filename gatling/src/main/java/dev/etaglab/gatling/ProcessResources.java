package dev.etaglab.gatling;

/**
 * One JVM's resources at the start and at the end of a soak's measured window (see {@link ResourceSampler}).
 * Heap is in use right after a full GC, in KiB; RSS in KiB.
 */
public record ProcessResources(String process, long openFilesStart, long openFilesEnd, long threadsStart,
                               long threadsEnd, long rssKibStart, long rssKibEnd, long heapAfterGcKibStart,
                               long heapAfterGcKibEnd) {
}
