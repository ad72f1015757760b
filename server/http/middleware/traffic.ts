import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';

/**
 * The requests this server is answering right now, so that work nobody waits for (the
 * lookup audit) runs between them instead of in front of them: embedded PGlite runs one
 * statement at a time in this process, and a request whose query lands behind a batch of
 * audit rows waits for all of it.
 */
export class RequestTraffic {
  private inFlight = 0;
  private waiters = new Set<() => void>();

  /** Counts every request from its first byte to its answer. */
  readonly middleware: MiddlewareHandler<AppEnv> = async (_c, next) => {
    this.inFlight += 1;
    try {
      await next();
    } finally {
      this.inFlight -= 1;
      // After the answer is on its way: the next macrotask, once the response is written.
      if (this.inFlight === 0 && this.waiters.size > 0) setImmediate(() => this.release());
    }
  };

  /**
   * Resolves when no request is being answered, or after `maxWaitMs` at the latest; never
   * before the event loop has turned once. Embedded PGlite answers a statement without
   * returning to the event loop, so work that only awaited its statements one after another
   * would keep every incoming request unread until all of it was done (100 ms and more);
   * a turn lets those requests in, and they are counted before this looks.
   */
  whenIdle(maxWaitMs: number): Promise<void> {
    return new Promise((resolve) => {
      setImmediate(() => {
        if (this.inFlight === 0) {
          resolve();
          return;
        }
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, maxWaitMs);
        timer.unref();
        this.waiters.add(done);
      });
    });
  }

  private release(): void {
    // A request that came in meanwhile keeps the waiters waiting.
    if (this.inFlight !== 0) return;
    for (const done of [...this.waiters]) done();
  }
}
