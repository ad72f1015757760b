import type { Database } from '../db/database';
import type { RunningServer } from './serve';

/**
 * Stops the server on SIGTERM (a service manager, a container stop) or SIGINT (Ctrl+C): no
 * new connections, requests in flight finish (up to SHUTDOWN_GRACE_MS), the webhook worker
 * and housekeeping stop, the lookup audit is written, then the database closes (PGlite
 * writes its data dir out) and the data dir's lock is released; the process exits 0. A
 * second signal while stopping ends the process at once (exit 1).
 */
export function stopOnSignals(server: RunningServer, db: Database, say: (line: string) => void = (line) => console.log(line)): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      say(`${signal} again: stopping at once.`);
      process.exit(1);
    }
    stopping = true;
    say(`${signal}: stopping; requests in flight finish first.`);
    server
      .close()
      .then(() => db.close())
      .then(
        () => {
          say('Stopped.');
          process.exit(0);
        },
        (error: unknown) => {
          console.error(`Jetway could not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
