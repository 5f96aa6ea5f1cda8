/**
 * The nightly stock and expiry alert job at bench scale, run exactly as an external scheduler runs
 * it: `node dist/src/cli/job.js stock-alerts` as its own process, e-mailing a real SMTP server on
 * loopback. Three runs of the job and two baselines, all in the same bench run:
 * - first: on an empty alert table, so it raises every alert the data holds and mails each one to
 *   the inventory managers in scope (the first night after going live, the worst case);
 * - nightly: forced again the same day, so every alert is refreshed and nothing new is mailed (an
 *   ordinary night: the same SQL over the whole data set, few new alerts);
 * - no-op: not forced, so the period has already run (process start, config, pool and lock: the
 *   floor of any run);
 * - scan: one full read of stock_on_hand through mysql2 (the least any job over every batch does).
 * Wall time and peak RSS come from the job's own one-line summary (durationMs, maxRssKb).
 */
import { join } from 'node:path';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { SmtpCapture } from '../../test/support/smtp-capture';
import { spawnTracked } from './processes';
import { appEnv, BenchSettings, DIST } from './settings';
import { ratio, round } from './stats';

export interface JobRunFigures {
  result: string;
  wallMs: number;
  /** The job's own durationMs (from its Nest context up to its summary). */
  jobMs: number;
  peakRssMiB: number;
  counts: Record<string, number> | null;
  /** Per phase of the job (upsert, count, resolve, notify), from its log line. */
  phasesMs: Record<string, number> | null;
  mailsReceived: number;
}

export interface StockAlertsScenarioResult {
  data: { batches: number; onHandRows: number; movements: number; stockLevels: number; inventoryManagers: number };
  first: JobRunFigures;
  nightly: JobRunFigures;
  noop: JobRunFigures;
  scanMs: number;
  alertsOpen: Record<string, number>;
  /** Wall time of each run over the full scan of stock_on_hand, and over the no-op run. */
  ratios: { firstOverScan: number | null; nightlyOverScan: number | null; nightlyOverNoop: number | null };
}

const JOB_TIMEOUT_MS = 2 * 3600_000;

export async function stockAlertsScenario(settings: BenchSettings, db: Connection, warnings: string[]): Promise<StockAlertsScenarioResult> {
  const data = await describeData(db);
  if (data.onHandRows === 0) throw new Error('No stock in the bench database: run `npm run bench:generate-stock` first');
  const smtp = new SmtpCapture({ keep: false });
  const smtpPort = await smtp.start();
  try {
    // Start from no alerts and no runs of the job, so "first" is the first night.
    await db.query('TRUNCATE TABLE stock_alerts');
    await db.query("DELETE FROM job_runs WHERE job = 'stock-alerts'");
    const run = (force: boolean) => runJob(settings, smtp, smtpPort, force);
    const first = await run(true);
    const nightly = await run(true);
    const noop = await run(false);
    for (const [name, r] of Object.entries({ first, nightly, noop })) {
      if (r.result !== (name === 'noop' ? 'already_ran' : 'ran')) warnings.push(`stock-alerts ${name} run: result ${r.result}`);
    }
    const scanMs = await timeScan(db);
    const [open] = await db.query<RowDataPacket[]>("SELECT kind, COUNT(*) AS n FROM stock_alerts WHERE status = 'open' GROUP BY kind ORDER BY kind");
    return {
      data,
      first,
      nightly,
      noop,
      scanMs,
      alertsOpen: Object.fromEntries(open.map((r) => [String(r.kind), Number(r.n)])),
      ratios: {
        firstOverScan: ratio(first.wallMs, scanMs),
        nightlyOverScan: ratio(nightly.wallMs, scanMs),
        nightlyOverNoop: ratio(nightly.wallMs, noop.wallMs),
      },
    };
  } finally {
    await smtp.stop();
  }
}

async function runJob(settings: BenchSettings, smtp: SmtpCapture, smtpPort: number, force: boolean): Promise<JobRunFigures> {
  const mailsBefore = smtp.received;
  const started = performance.now();
  const args = [join(DIST, 'src', 'cli', 'job.js'), 'stock-alerts', ...(force ? ['--force'] : [])];
  const env = appEnv(settings, { LOG_LEVEL: 'info', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort), SMTP_FROM: 'Clinic <no-reply@bench.local>' });
  const child = spawnTracked('stock-alerts job', process.execPath, args, { env });
  let stdout = '';
  let phasesMs: Record<string, number> | null = null;
  child.child.stdout?.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.child.stderr?.on('data', (c: Buffer) => {
    for (const line of c.toString('utf8').split('\n')) {
      if (line.includes('"stock alert job phases"')) phasesMs = (JSON.parse(line) as { phasesMs: Record<string, number> }).phasesMs;
    }
  });
  const outcome = await Promise.race([child.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), JOB_TIMEOUT_MS).unref())]);
  if (outcome === 'timeout') throw new Error('The stock alert job ran for more than 2 hours');
  const wallMs = round(performance.now() - started, 0);
  const summary = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { result?: string; durationMs?: number; maxRssKb?: number; counts?: Record<string, number> | null };
  if (outcome.code !== 0) throw new Error(`The stock alert job failed (exit ${outcome.code}): ${child.output().slice(-2000)}`);
  console.log(`  job ${force ? '--force' : '(not forced)'}: ${summary.result} in ${round(wallMs / 1000, 1)} s, counts ${JSON.stringify(summary.counts ?? null)}`);
  return {
    result: summary.result ?? 'unknown',
    wallMs,
    jobMs: summary.durationMs ?? wallMs,
    peakRssMiB: round((summary.maxRssKb ?? 0) / 1024, 1),
    counts: summary.counts ?? null,
    phasesMs,
    mailsReceived: smtp.received - mailsBefore,
  };
}

/** The median of three full reads of stock_on_hand (summing every row, so no index-only shortcut). */
async function timeScan(db: Connection): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await db.query('SELECT COUNT(*), SUM(quantity), MIN(expiry_date), MAX(updated_at) FROM stock_on_hand');
    times.push(performance.now() - t);
  }
  return round(times.sort((a, b) => a - b)[1], 0);
}

async function describeData(db: Connection): Promise<StockAlertsScenarioResult['data']> {
  const count = async (sql: string) => Number((await db.query<RowDataPacket[]>(sql))[0][0].n);
  return {
    batches: await count('SELECT COUNT(*) AS n FROM stock_batches'),
    onHandRows: await count('SELECT COUNT(*) AS n FROM stock_on_hand'),
    movements: await count('SELECT COUNT(*) AS n FROM stock_movements'),
    stockLevels: await count('SELECT COUNT(*) AS n FROM stock_levels'),
    inventoryManagers: await count(
      "SELECT COUNT(*) AS n FROM users u JOIN roles r ON r.id = u.role_id WHERE r.name = 'inventory_manager' AND u.is_active = 1",
    ),
  };
}
