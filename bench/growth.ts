/**
 * The growth runs: pages that keep everything they loaded (an X timeline that is not
 * virtualised, a Facebook feed, a Facebook comment thread expanded to 1,000 comments),
 * grown 100 posts at a time, with the extension and without. What Jetway costs per 100
 * posts added must not depend on how many posts are already on the page.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { PEER_LABEL_ATTRIBUTE } from './peer';
import type { Figure } from './report';
import { percentile } from './report';

/** One page that grows: where it is served, the handle of each post (cycled), and how it grows. */
export interface GrowthPage {
  name: string;
  url: string;
  handles: string[];
  /** Handles at even indexes are members: their posts must all be badged. */
  total: number;
  step: number;
  /** Windows (by posts already on the page) whose cost per step is compared: the first is the early one. */
  windows: Array<[number, number]>;
}

/** After each step: long enough for every lookup of the step to come back and its badges to be mounted. */
const STEP_SETTLE_MS = 300;
/** The content script's start-up is not growth. */
const START_SETTLE_MS = 1_000;
/** The growth budget: cost per step late on the page ÷ early on it. */
export const GROWTH_BUDGET = 1.2;
/** Jetway's cost per step late on the page ÷ the peer labeller's on the same runs. */
export const PEER_BUDGET = 1;

type Bench = { __jetwayBench: { grow(count: number, handles: string[], keep: number): number; reset(): void; badgeCount(): number } };
type Session = Awaited<ReturnType<BrowserContext['newCDPSession']>>;

async function scriptMs(session: Session): Promise<{ script: number; task: number }> {
  const { metrics } = (await session.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { script: value('ScriptDuration') * 1000, task: value('TaskDuration') * 1000 };
}

async function openGrowthPage(context: BrowserContext, growth: GrowthPage): Promise<Page> {
  const page = await context.newPage();
  await page.goto(growth.url);
  await page.waitForFunction(() => '__jetwayBench' in window);
  await page.waitForTimeout(START_SETTLE_MS);
  await page.evaluate(() => (window as unknown as Bench).__jetwayBench.reset());
  return page;
}

const step = (page: Page, count: number, handles: string[]) =>
  page.evaluate(([n, list]) => (window as unknown as Bench).__jetwayBench.grow(n, list, 0), [count, handles] as const);

export interface GrowthRun {
  /** Main-thread script time (ms, thread time) of each step, in order. */
  script: number[];
  task: number[];
  badgedPosts: number;
  /** Names the peer labeller marked (none in a run without it). */
  peerLabels: number;
}

/** Grows the page to `total` posts, `step` at a time, reading DevTools' script counter around each step. */
export async function runGrowth(context: BrowserContext, growth: GrowthPage): Promise<GrowthRun> {
  const page = await openGrowthPage(context, growth);
  const session = await context.newCDPSession(page);
  await session.send('Performance.enable', { timeDomain: 'threadTicks' });
  const script: number[] = [];
  const task: number[] = [];
  for (let done = 0; done < growth.total; done += growth.step) {
    const before = await scriptMs(session);
    await step(page, growth.step, growth.handles);
    await page.waitForTimeout(STEP_SETTLE_MS);
    const after = await scriptMs(session);
    script.push(after.script - before.script);
    task.push(after.task - before.task);
  }
  const badgedPosts = await page.evaluate(() => (window as unknown as Bench).__jetwayBench.badgeCount());
  const peerLabels = await page.evaluate((selector) => document.querySelectorAll(selector).length, `[${PEER_LABEL_ATTRIBUTE}]`);
  await session.detach();
  await page.close();
  return { script, task, badgedPosts, peerLabels };
}

/** A DevTools CPU profile of one whole growth run with the extension (open it in DevTools' Performance panel). */
export async function profileGrowth(context: BrowserContext, growth: GrowthPage, path: string): Promise<void> {
  const page = await openGrowthPage(context, growth);
  const session = await context.newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  for (let done = 0; done < growth.total; done += growth.step) {
    await step(page, growth.step, growth.handles);
    await page.waitForTimeout(STEP_SETTLE_MS);
  }
  const { profile } = (await session.send('Profiler.stop')) as { profile: unknown };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(profile));
  await session.detach();
  await page.close();
}

/** The mean of the steps whose posts-already-on-the-page fall in [from, to). */
function windowMean(values: number[], growth: GrowthPage, [from, to]: [number, number]): number {
  const picked = values.filter((_, i) => i * growth.step >= from && i * growth.step < to);
  return picked.reduce((sum, v) => sum + v, 0) / picked.length;
}

const posts = (n: number) => n.toLocaleString('en');

/** The whole run's script time (every step). */
const total = (run: GrowthRun) => run.script.reduce((sum, v) => sum + v, 0);

/**
 * Jetway's cost per step in each window: with minus without, step by step within a pair of
 * runs made one after the other, then the median over the pairs. The peer labeller's the
 * same way, from its runs made between them (`peer[i]` beside `on[i]` and `off[i]`).
 */
export function growthFigures(growth: GrowthPage, on: GrowthRun[], off: GrowthRun[], peer: GrowthRun[]): Figure[] {
  const costsOf = (runs: GrowthRun[]) =>
    growth.windows.map((window) => percentile(runs.map((run, i) => windowMean(run.script, growth, window) - windowMean(off[i]!.script, growth, window)), 50));
  const costs = costsOf(on);
  const peerCosts = costsOf(peer);
  const pageOwn = growth.windows.map((window) => percentile(off.map((run) => windowMean(run.script, growth, window)), 50));
  const ratio = costs.at(-1)! / costs[0]!;
  const peerRatio = costs.at(-1)! / peerCosts.at(-1)!;
  const wholeRatio = percentile(on.map((run, i) => (total(run) - total(off[i]!)) / (total(peer[i]!) - total(off[i]!))), 50);
  const members = Math.ceil(growth.total / 2);
  const label = (window: [number, number]) => `${posts(window[0])}–${posts(window[1])}`;
  const windows = growth.windows.map(label).join(' / ');
  return [
    {
      section: 'Growth',
      what: `${growth.name}: Jetway script per ${growth.step} posts added at ${windows} posts on the page (median of ${on.length} pairs; the page's own: ${pageOwn.map((v) => v.toFixed(1)).join(' / ')} ms)`,
      value: costs.map((v) => `${v.toFixed(1)} ms`).join(' / '),
      budget: '—',
      met: null,
    },
    {
      section: 'Growth',
      what: `${growth.name}: late ÷ early cost per ${growth.step} posts`,
      value: ratio.toFixed(2),
      budget: `≤ ${GROWTH_BUDGET}`,
      met: ratio <= GROWTH_BUDGET,
    },
    {
      section: 'Growth',
      what: `${growth.name}: member posts badged (of ${posts(members)}), fewest over the runs`,
      value: posts(Math.min(...on.map((run) => run.badgedPosts))),
      budget: posts(members),
      met: on.every((run) => run.badgedPosts === members),
    },
    {
      section: 'Growth',
      what: `${growth.name}: the peer labeller's script per ${growth.step} posts added at ${windows} posts on the page (names labelled, fewest over the runs: ${posts(Math.min(...peer.map((run) => run.peerLabels)))} of ${posts(members)})`,
      value: peerCosts.map((v) => `${v.toFixed(1)} ms`).join(' / '),
      budget: '—',
      met: null,
    },
    {
      section: 'Growth',
      what: `${growth.name}: Jetway ÷ peer labeller, script per ${growth.step} posts at ${label(growth.windows.at(-1)!)} posts on the page (whole run: ${wholeRatio.toFixed(2)})`,
      value: peerRatio.toFixed(2),
      budget: `≤ ${PEER_BUDGET}`,
      met: peerRatio <= PEER_BUDGET,
    },
  ];
}
