import autocannon from 'autocannon';
import type { RawResult } from 'autocannon';
import { cpuSeconds, machineBusySeconds } from './processes';
import { round } from './stats';

export interface LoadTarget {
  title: string;
  url: string;
  method?: 'GET' | 'PATCH' | 'POST';
  headers?: Record<string, string>;
  body?: unknown;
  /** The server process, to account its CPU. */
  appPid?: number;
  /** Each request takes the next path from here (e.g. another patient per request); default: the url's own path. */
  nextPath?: () => string;
  /**
   * Like nextPath, but each connection takes its paths from a source of its own: called once for
   * every connection autocannon opens (every slice opens new ones), it returns that connection's source.
   */
  connectionPaths?: () => () => string;
  /**
   * Instead of HTTP: an operation run in a closed loop by `connections` concurrent workers, timed
   * per call (the raw-SQL baselines). It throws on failure. `url` is then only a label.
   */
  run?: () => Promise<void>;
}

export interface LoadResult {
  title: string;
  method: string;
  url: string;
  connections: number;
  slices: number;
  /** Measured seconds, all slices together. */
  durationS: number;
  /** Completed 2xx responses per second of measured time. */
  rps: number;
  /** From the latency histograms of all slices merged. */
  latencyMs: { p50: number; p90: number; p99: number; avg: number; max: number };
  completed: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /**
   * CPU used during the measured slices, in % of one core (100 = one full core; the machine's
   * ceiling is 100 x cores). `others` is everything else on the machine (other people's tests,
   * ...): a noise indicator. Null where /proc is unreadable.
   */
  cpuPercent: { app: number | null; database: number | null; loadGenerator: number; machine: number | null; others: number | null };
  /** Server-wide database counters per completed request (other clients of the server add noise). */
  dbCountersPerRequest?: Record<string, number>;
  /** Function targets: the first error's message. */
  firstError?: string;
}

export interface InterleaveOptions {
  connections: number;
  /** Measured seconds per target, split evenly over the slices. */
  durationS: number;
  slices: number;
  dbPid?: number;
  /** Snapshots of server-wide counters, taken around every slice. */
  counters?: () => Promise<Record<string, number>>;
  log?: (line: string) => void;
}

/** What one slice of a function target measured (the shape autocannon's RawResult has for HTTP). */
interface LoopResult {
  latencies: number[];
  ok: number;
  errors: number;
  duration: number;
  firstError?: string;
}

interface Accumulator {
  raws: RawResult[];
  loops: LoopResult[];
  app: number | null;
  db: number | null;
  self: number;
  machine: number | null;
  wall: number;
  counters: Record<string, number>;
}

const SAMPLE_INT_MS = 100; // autocannon stops on a sample tick: keeps slice lengths close to what was asked

function requestOptions(target: LoadTarget) {
  const headers: Record<string, string> = { ...target.headers };
  let body: string | undefined;
  if (target.body !== undefined) {
    body = JSON.stringify(target.body);
    headers['content-type'] = 'application/json';
  }
  return { url: target.url, method: target.method ?? 'GET', headers, body };
}

const add = (a: number | null, b0: number | null, b1: number | null) => (a === null || b0 === null || b1 === null ? null : a + (b1 - b0));

/**
 * Measures several targets in alternating slices (A B B A A B ...), so a burst of other load on
 * the machine hits every target alike instead of whichever happened to run during it. Each
 * target gets `durationS` seconds of measurement in total; its latency histograms are merged.
 */
export async function runInterleaved(targets: LoadTarget[], options: InterleaveOptions): Promise<LoadResult[]> {
  const acc: Accumulator[] = targets.map(() => ({ raws: [], loops: [], app: 0, db: 0, self: 0, machine: 0, wall: 0, counters: {} }));
  const sliceS = options.durationS / options.slices;
  const forward = targets.map((_, i) => i);
  const backward = [...forward].reverse();
  for (let round = 0; round < options.slices; round++) {
    for (const i of round % 2 === 0 ? forward : backward) {
      const target = targets[i];
      const a = acc[i];
      const counters0 = options.counters ? await options.counters() : {};
      const app0 = cpuSeconds(target.appPid);
      const db0 = cpuSeconds(options.dbPid);
      const machine0 = machineBusySeconds();
      const self0 = process.cpuUsage();
      const wall0 = performance.now();
      let raw: RawResult | null = null;
      let loop: LoopResult | null = null;
      if (target.run) loop = await closedLoop(target.run, options.connections, sliceS);
      else raw = await autocannon(autocannonOptions(target, options.connections, sliceS));
      a.wall += (performance.now() - wall0) / 1000;
      const self = process.cpuUsage(self0);
      a.self += (self.user + self.system) / 1e6;
      a.app = add(a.app, app0, cpuSeconds(target.appPid));
      a.db = add(a.db, db0, cpuSeconds(options.dbPid));
      a.machine = add(a.machine, machine0, machineBusySeconds());
      if (options.counters) {
        const counters1 = await options.counters();
        for (const k of Object.keys(counters1)) a.counters[k] = (a.counters[k] ?? 0) + counters1[k] - (counters0[k] ?? 0);
      }
      if (raw) a.raws.push(raw);
      if (loop) a.loops.push(loop);
      const rate = raw ? raw['2xx'] / raw.duration : loop!.ok / loop!.duration;
      options.log?.(`    slice ${round + 1}/${options.slices} ${target.title}: ${Math.round(rate)} ${raw ? 'req' : 'ops'}/s`);
    }
  }
  return targets.map((target, i) => summarize(target, acc[i], options));
}

function autocannonOptions(target: LoadTarget, connections: number, duration: number) {
  const base = { ...requestOptions(target), connections, duration, timeout: 30, sampleInt: SAMPLE_INT_MS, skipAggregateResult: true as const };
  // One request definition whose path is taken afresh for every request sent.
  const pathsFrom = (next: () => string) => [{ setupRequest: (request: { path?: string }) => ({ ...request, path: next() }) }];
  const perConnection = target.connectionPaths;
  // Before its first request, each connection swaps the shared definition for one over its own source.
  if (perConnection) return { ...base, setupClient: (client: autocannon.Client) => client.setRequests(pathsFrom(perConnection())) };
  return target.nextPath ? { ...base, requests: pathsFrom(target.nextPath) } : base;
}

/** `concurrency` workers call `run` back to back for `seconds`; every call's latency is kept. */
async function closedLoop(run: () => Promise<void>, concurrency: number, seconds: number): Promise<LoopResult> {
  const result: LoopResult = { latencies: [], ok: 0, errors: 0, duration: 0 };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      try {
        await run();
        result.latencies.push(performance.now() - t);
        result.ok += 1;
      } catch (error) {
        result.errors += 1;
        result.firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.duration = (performance.now() - started) / 1000;
  return result;
}

/** The value at quantile q of sorted values (nearest rank), as autocannon's histograms report it. */
function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function summarizeLoops(target: LoadTarget, a: Accumulator, options: InterleaveOptions, cpu: LoadResult['cpuPercent']): LoadResult {
  const latencies = a.loops.flatMap((l) => l.latencies).sort((x, y) => x - y);
  const durationS = a.loops.reduce((s, l) => s + l.duration, 0);
  const ok = a.loops.reduce((s, l) => s + l.ok, 0);
  const errors = a.loops.reduce((s, l) => s + l.errors, 0);
  const avg = latencies.reduce((s, x) => s + x, 0) / Math.max(1, latencies.length);
  const firstError = a.loops.find((l) => l.firstError)?.firstError;
  return {
    title: target.title,
    method: 'CALL',
    url: target.url,
    connections: options.connections,
    slices: a.loops.length,
    durationS: round(durationS, 2),
    rps: round(ok / durationS, 0),
    latencyMs: {
      p50: round(quantile(latencies, 0.5), 2),
      p90: round(quantile(latencies, 0.9), 2),
      p99: round(quantile(latencies, 0.99), 2),
      avg: round(avg, 2),
      max: round(latencies[latencies.length - 1] ?? Number.NaN, 2),
    },
    completed: ok + errors,
    ok2xx: ok,
    non2xx: 0,
    errors,
    timeouts: 0,
    statusCodes: firstError ? { error: errors } : {},
    cpuPercent: cpu,
    ...(firstError ? { firstError } : {}),
    ...(options.counters
      ? { dbCountersPerRequest: Object.fromEntries(Object.entries(a.counters).map(([k, v]) => [k, ok + errors > 0 ? round(v / (ok + errors), 2) : 0])) }
      : {}),
  };
}

function summarize(target: LoadTarget, a: Accumulator, options: InterleaveOptions): LoadResult {
  if (target.run) {
    const pct0 = (cpu: number | null) => (cpu === null ? null : round((cpu / a.wall) * 100, 0));
    const cpu0 = { app: null, database: pct0(a.db), loadGenerator: round((a.self / a.wall) * 100, 0), machine: pct0(a.machine) };
    const others0 = cpu0.machine === null ? null : Math.max(0, cpu0.machine - (cpu0.database ?? 0) - cpu0.loadGenerator);
    return summarizeLoops(target, a, options, { ...cpu0, others: others0 });
  }
  const req = requestOptions(target);
  const merged = autocannon.aggregateResult(a.raws, { url: req.url, connections: options.connections, sampleInt: SAMPLE_INT_MS, title: target.title });
  const durationS = a.raws.reduce((s, r) => s + r.duration, 0);
  const completed = a.raws.reduce((s, r) => s + r.totalCompletedRequests, 0);
  const pct = (cpu: number | null) => (cpu === null ? null : round((cpu / a.wall) * 100, 0));
  const cpu = { app: pct(a.app), database: pct(a.db), loadGenerator: round((a.self / a.wall) * 100, 0), machine: pct(a.machine) };
  const others = cpu.machine === null ? null : Math.max(0, cpu.machine - (cpu.app ?? 0) - (cpu.database ?? 0) - cpu.loadGenerator);
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(merged.statusCodeStats ?? {})) statusCodes[code] = Number(count);
  return {
    title: target.title,
    method: req.method,
    url: req.url,
    connections: options.connections,
    slices: a.raws.length,
    durationS: round(durationS, 2),
    rps: round(merged['2xx'] / durationS, 0),
    latencyMs: {
      p50: merged.latency.p50,
      p90: merged.latency.p90,
      p99: merged.latency.p99,
      avg: round(merged.latency.average, 2),
      max: merged.latency.max,
    },
    completed,
    ok2xx: merged['2xx'],
    non2xx: merged.non2xx,
    errors: merged.errors,
    timeouts: merged.timeouts,
    statusCodes,
    cpuPercent: { ...cpu, others },
    ...(options.counters
      ? { dbCountersPerRequest: Object.fromEntries(Object.entries(a.counters).map(([k, v]) => [k, completed > 0 ? round(v / completed, 2) : 0])) }
      : {}),
  };
}

/** Unmeasured load so the measured slices do not include JIT warm-up and connection-pool fill. */
export async function warmUp(target: LoadTarget, connections: number, seconds: number): Promise<void> {
  if (seconds <= 0) return;
  if (target.run) await closedLoop(target.run, connections, seconds);
  else await autocannon(autocannonOptions(target, connections, seconds));
}
