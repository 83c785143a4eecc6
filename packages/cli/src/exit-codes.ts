/** Exit codes of the `metatune` command. */
export const EXIT = {
  /** The command did what it was asked. */
  OK: 0,
  /** The study or run failed (every trial failed, a meta-training run diverged, a storage was lost). */
  FAILED: 1,
  /** Bad usage or a bad config: nothing was run. */
  USAGE: 2,
} as const;
