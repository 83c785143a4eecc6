import type { Storage } from '@metatune/core';

/**
 * Keeps the heartbeats of this process's RUNNING trials fresh with one timer, in both the
 * ask/tell and the optimize paths. The timer is unref'd, so it never keeps a process alive, and
 * it runs only while some trial is outstanding. An objective that blocks the event loop (a long
 * synchronous loop) also blocks heartbeats: such objectives should yield now and then, or the
 * grace period should exceed their longest synchronous stretch.
 */
export class HeartbeatKeeper {
  private readonly trials = new Set<number>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly storage: Storage,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts beating for `trialId`. */
  add(trialId: number): void {
    this.trials.add(trialId);
    if (!this.timer) {
      this.timer = setInterval(() => void this.beat(), this.intervalMs);
      this.timer.unref?.();
    }
  }

  /** Stops beating for `trialId`. */
  remove(trialId: number): void {
    this.trials.delete(trialId);
    if (this.trials.size === 0) this.stop();
  }

  /** Stops all heartbeats (closing the study). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async beat(): Promise<void> {
    for (const id of [...this.trials]) {
      try {
        await this.storage.heartbeat(id);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
