import { Column } from 'typeorm';

/** How many members a 1 January run (or one slice of it) decided, and how. */
export class RunCounts {
  @Column({ type: 'integer', default: 0 })
  processed: number;

  @Column({ type: 'integer', default: 0 })
  upgraded: number;

  @Column({ type: 'integer', default: 0 })
  downgraded: number;

  @Column({ type: 'integer', default: 0 })
  unchanged: number;
}

export const NO_COUNTS: RunCounts = { processed: 0, upgraded: 0, downgraded: 0, unchanged: 0 };
