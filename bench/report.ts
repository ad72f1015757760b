import { writeFileSync } from 'node:fs';
import { cpus, totalmem, type as osType, release } from 'node:os';

export interface Figure {
  section: string;
  what: string;
  value: string;
  budget: string;
  /** `null` when the figure has no budget (shown for information). */
  met: boolean | null;
}

/** The `p`th percentile of `values` (nearest rank); NaN when there are none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * How fast this machine runs JavaScript today, in ms (lower is faster): the fastest of
 * seven runs of a fixed, allocation-heavy workload (JSON round trips and a sort, the kind of work
 * the server and the content script do). Cloud machines of one type differ by a factor of
 * two from day to day; the figures scale with this number, so runs are compared by it.
 */
export function referenceWorkloadMs(): number {
  const once = () => {
    const started = performance.now();
    let seed = 1;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const rows = Array.from({ length: 2_000 }, (_, i) => ({ network: 'x', handle: `handle_${i}`, tier: Math.floor(random() * 4), since: random().toString(36) }));
    for (let i = 0; i < 50; i++) JSON.parse(JSON.stringify(rows));
    Array.from({ length: 200_000 }, random).sort((a, b) => a - b);
    return performance.now() - started;
  };
  return Math.min(...Array.from({ length: 7 }, once));
}

export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osType()} ${release()}, Node ${process.version}`;
}

function verdict(met: boolean | null): string {
  if (met === null) return '—';
  return met ? 'met' : '**missed**';
}

/** Prints the table and writes `bench/results.md` with the machine and date. */
export function writeResults(figures: Figure[], notes: string[], path = 'bench/results.md'): void {
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const rows = figures.map((f) => `| ${f.section} | ${f.what} | ${f.value} | ${f.budget} | ${verdict(f.met)} |`);
  const markdown = [
    '# Jetway benchmark results',
    '',
    `- Date: ${date}`,
    `- Machine: ${machineLine()}`,
    `- Command: \`npm run bench\``,
    '',
    '| section | what | measured | budget | verdict |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...(notes.length > 0 ? ['## Notes', '', ...notes.map((note) => `- ${note}`), ''] : []),
  ].join('\n');
  writeFileSync(path, markdown);
  console.log('\n' + markdown);
}
