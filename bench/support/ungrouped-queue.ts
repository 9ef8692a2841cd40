/** The benchmark's baseline: one plain BullMQ job per command (jobId = command id), no grouping. */
export const UNGROUPED_QUEUE = 'bench-ungrouped';

export interface UngroupedJob {
  commandId: string;
}
