import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Notifier } from '../../src/common/notifier/notifier';
import { JobRunner } from '../../src/inventory';
import { SmtpCapture } from '../support/smtp-capture';
import { demoEmail, startTestApp, TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
const API = '/api/v1/inventory';
const MANAGER = demoEmail('inventory_manager');

interface Alert {
  id: string;
  kind: string;
  status: string;
  clinicId: string;
  itemId: string | null;
  locationId: string | null;
  quantity: number | null;
  threshold: number | null;
  notifiedAt: string | null;
}

/** The one-shot command as an external scheduler runs it. */
function runCommand(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/cli/job.ts', ...args], {
      cwd: ROOT,
      env: { ...(process.env as Record<string, string>), NODE_ENV: 'test', LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('stock alerts and the alert job', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let admin: string;
  let manager: string;
  const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));

  const run = (body: object = {}) => t.http().post(`${API}/alerts/run`).set('Authorization', `Bearer ${admin}`).send(body);
  const list = async (token: string, query = 'perPage=100'): Promise<Alert[]> => {
    const res = await t.http().get(`${API}/alerts?${query}`).set('Authorization', `Bearer ${token}`).expect(200);
    return res.body.data as Alert[];
  };
  const waitForMails = async (email: string, count: number) => {
    const deadline = Date.now() + 5000;
    while (mailsTo(email).length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return mailsTo(email);
  };

  beforeAll(async () => {
    smtp = new SmtpCapture();
    const port = await smtp.start();
    t = await startTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_FROM: 'Clinic <no-reply@clinic.test>', JOBS_SCHEDULER_ENABLED: 'false' });
    admin = await t.tokenFor('admin');
    manager = await t.tokenFor('inventory_manager');
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('raises the demo alerts once, mails each one once to the inventory managers in scope, and a second run is a no-op', async () => {
    const first = await run().expect(200);
    expect(first.body.result).toBe('ran');
    expect(first.body.run).toMatchObject({ job: 'stock-alerts', status: 'succeeded', triggeredBy: 'api', attempts: 1, error: null });
    expect(first.body.run.period).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(first.body.run.counts.raised).toBeGreaterThan(0);

    const all = await list(admin);
    expect(all.length).toBe(first.body.run.counts.raised);
    const kinds = new Set(all.map((a) => a.kind));
    for (const kind of ['low_stock', 'expiring', 'expired_on_hand']) expect(kinds).toContain(kind);
    expect(all.every((a) => a.status === 'open' && a.notifiedAt !== null)).toBe(true);

    // The demo inventory manager sees (and is mailed about) their clinic's alerts only: one e-mail each.
    const mine = await list(manager);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThanOrEqual(all.length);
    const mails = await waitForMails(MANAGER, mine.length);
    expect(mails).toHaveLength(mine.length);
    expect(new Set(mails.map((m) => m.text.match(/^Subject: (.*)$/m)?.[1])).size).toBe(mine.length);
    const low = mails.find((m) => m.text.includes('Low stock'))!;
    expect(low.text).toMatch(/Usable on hand: \d+/);
    expect(low.text).toMatch(/Reorder level: \d+/);
    const sentTotal = smtp.messages.length;
    expect(first.body.run.counts.notified).toBe(sentTotal);

    // Same period again: nothing runs, nothing is sent.
    const second = await run().expect(200);
    expect(second.body).toMatchObject({ result: 'already_ran', run: { id: first.body.run.id, attempts: 1 } });
    const [{ n }] = (await t.db.query("SELECT COUNT(*) AS n FROM job_runs WHERE job = 'stock-alerts'")) as { n: string }[];
    expect(Number(n)).toBe(1);

    // Forced: the same row runs again and finds the same alerts, no duplicates, no new e-mail.
    const forced = await run({ force: true }).expect(200);
    expect(forced.body).toMatchObject({ result: 'ran', run: { id: first.body.run.id, attempts: 2, status: 'succeeded' } });
    expect(forced.body.run.counts).toEqual({ raised: 0, updated: 0, resolved: 0, notified: 0 });
    expect((await list(admin)).map((a) => a.id).sort()).toEqual(all.map((a) => a.id).sort());
    const [{ dup }] = (await t.db.query('SELECT COUNT(*) AS dup FROM (SELECT kind, subject_key FROM stock_alerts WHERE open_slot = 1 GROUP BY kind, subject_key HAVING COUNT(*) > 1) d')) as {
      dup: string;
    }[];
    expect(Number(dup)).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.messages.length).toBe(sentTotal);
  });

  it('resolves a low-stock alert once stock is received above the reorder level', async () => {
    const low = (await list(manager, 'kind=low_stock')).find((a) => a.locationId !== null)!;
    expect(low).toBeDefined();
    const needed = (low.threshold ?? 0) - (low.quantity ?? 0) + 10;
    await t
      .http()
      .post(`${API}/stock`)
      .set('Authorization', `Bearer ${manager}`)
      .send({ locationId: low.locationId, itemId: low.itemId, lotNumber: `E2E-ALERT-${Date.now()}`, expiryDate: '2030-06-30', quantity: needed, unitCost: 1.5 })
      .expect(201);
    const sentBefore = smtp.messages.length;
    const res = await run({ force: true }).expect(200);
    expect(res.body.run.counts).toMatchObject({ raised: 0, resolved: 1, notified: 0 });
    expect((await list(manager, 'kind=low_stock')).map((a) => a.id)).not.toContain(low.id);
    const resolved = (await list(manager, 'status=resolved')).find((a) => a.id === low.id)!;
    expect(resolved).toMatchObject({ status: 'resolved' });
    expect(smtp.messages.length).toBe(sentBefore);
  });

  it('acknowledges an alert, which stays acknowledged while its condition holds; a resolved one is a conflict', async () => {
    const [alert] = await list(manager, 'kind=expiring');
    const ack = await t.http().post(`${API}/alerts/${alert.id}/acknowledge`).set('Authorization', `Bearer ${manager}`).expect(200);
    expect(ack.body).toMatchObject({ id: alert.id, status: 'acknowledged' });
    expect(ack.body.acknowledgedAt).toEqual(expect.any(String));
    // Twice is harmless.
    await t.http().post(`${API}/alerts/${alert.id}/acknowledge`).set('Authorization', `Bearer ${manager}`).expect(200);

    await run({ force: true }).expect(200);
    expect((await list(manager, 'status=acknowledged')).map((a) => a.id)).toContain(alert.id);

    const [resolved] = await list(manager, 'status=resolved');
    const conflict = await t.http().post(`${API}/alerts/${resolved.id}/acknowledge`).set('Authorization', `Bearer ${manager}`).expect(409);
    expect(conflict.body.error).toBe('STOCK_ALERT_RESOLVED');
  });

  it('hides alerts outside the caller’s jurisdiction (404 like an unknown id)', async () => {
    const mine = new Set((await list(manager, 'perPage=100&status=open')).map((a) => a.id));
    const others = (await list(admin)).filter((a) => !mine.has(a.id) && a.status === 'open');
    expect(others.length).toBeGreaterThan(0); // the mobile clinic's alerts, outside the demo manager's clinic
    await t.http().post(`${API}/alerts/${others[0].id}/acknowledge`).set('Authorization', `Bearer ${manager}`).expect(404);
    await t.http().post(`${API}/alerts/00000000-0000-4000-8000-000000000000/acknowledge`).set('Authorization', `Bearer ${manager}`).expect(404);
  });

  it('keeps alerts owed an e-mail when SMTP fails, records the failed run, and sends them on the next run', async () => {
    // A new low-stock condition: raise one level above what is on hand.
    const [level] = (await t.db.query(
      `SELECT l.item_id, l.location_id FROM stock_levels l JOIN stock_locations sl ON sl.id = l.location_id JOIN users u ON u.clinic_id = sl.clinic_id
       WHERE u.email = ? AND NOT EXISTS (SELECT 1 FROM stock_alerts a WHERE a.kind = 'low_stock' AND a.open_slot = 1 AND a.item_id = l.item_id AND a.location_id = l.location_id)
       LIMIT 1`,
      [MANAGER],
    )) as { item_id: string; location_id: string }[];
    await t.db.query('UPDATE stock_levels SET reorder_level = 1000000 WHERE item_id = ? AND location_id = ?', [level.item_id, level.location_id]);
    const notifier = t.app.get(Notifier);
    const spy = jest.spyOn(notifier, 'send').mockRejectedValueOnce(new Error('SMTP connection refused'));
    try {
      const failed = await run({ force: true }).expect(200);
      expect(failed.body).toMatchObject({ result: 'failed', run: { status: 'failed', error: expect.stringContaining('SMTP connection refused') } });
      expect(failed.body.run.counts.raised).toBe(1);
      const [owed] = (await t.db.query("SELECT notified_at FROM stock_alerts WHERE kind = 'low_stock' AND open_slot = 1 AND item_id = ? AND location_id = ?", [
        level.item_id,
        level.location_id,
      ])) as { notified_at: Date | null }[];
      expect(owed.notified_at).toBeNull();
    } finally {
      spy.mockRestore();
    }
    // A failed period is retried without force, and the owed mail goes out.
    const before = mailsTo(MANAGER).length;
    const retry = await run().expect(200);
    expect(retry.body).toMatchObject({ result: 'ran', run: { status: 'succeeded', error: null } });
    expect(retry.body.run.counts).toMatchObject({ raised: 0, notified: 1 });
    expect(await waitForMails(MANAGER, before + 1)).toHaveLength(before + 1);
  });

  it('lists job runs newest first, for jobs:run only', async () => {
    const res = await t.http().get(`${API}/job-runs`).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(res.body.meta.total).toBeGreaterThanOrEqual(1);
    expect(res.body.data[0]).toMatchObject({ job: 'stock-alerts', status: 'succeeded', counts: expect.any(Object) });
    await t.http().get(`${API}/job-runs?job=stock-alerts&perPage=5`).set('Authorization', `Bearer ${admin}`).expect(200);
  });

  it('refuses bad input on every endpoint', async () => {
    for (const query of ['status=closed', 'kind=flood', 'locationId=abc', 'perPage=1000', 'page=0', 'unknown=1']) {
      const res = await t.http().get(`${API}/alerts?${query}`).set('Authorization', `Bearer ${manager}`);
      expect([query, res.status]).toEqual([query, 400]);
    }
    await t.http().post(`${API}/alerts/not-a-uuid/acknowledge`).set('Authorization', `Bearer ${manager}`).expect(400);
    for (const body of [{ force: 'yes' }, { force: null }, { extra: true }]) {
      const res = await run(body);
      expect([body, res.status]).toEqual([body, 400]);
    }
    for (const query of ['job=backup', 'perPage=0']) {
      const res = await t.http().get(`${API}/job-runs?${query}`).set('Authorization', `Bearer ${admin}`);
      expect([query, res.status]).toEqual([query, 400]);
    }
  });

  it('denies callers without the permission', async () => {
    const clerk = await t.tokenFor('clerk');
    const nurse = await t.tokenFor('nurse');
    const [alert] = await list(manager);
    await t.http().get(`${API}/alerts`).set('Authorization', `Bearer ${clerk}`).expect(403);
    await t.http().post(`${API}/alerts/${alert.id}/acknowledge`).set('Authorization', `Bearer ${nurse}`).expect(403);
    await t.http().post(`${API}/alerts/run`).set('Authorization', `Bearer ${manager}`).send({}).expect(403);
    await t.http().get(`${API}/job-runs`).set('Authorization', `Bearer ${manager}`).expect(403);
    await t.http().get(`${API}/alerts`).expect(401);
  });

  it('runs one job when two start at once', async () => {
    const runner = t.app.get(JobRunner);
    // A period of its own, so that neither finds it already done.
    const now = new Date('2026-12-31T10:00:00Z');
    const outcomes = await Promise.all([runner.run('stock-alerts', { trigger: 'cli', now }), runner.run('stock-alerts', { trigger: 'schedule', now })]);
    const results = outcomes.map((o) => o.result).sort();
    expect(results[0]).toBe('ran');
    expect(['already_ran', 'skipped_locked']).toContain(results[1]);
    const rows = (await t.db.query("SELECT status, attempts FROM job_runs WHERE job = 'stock-alerts' AND period = '2026-12-31'")) as { status: string; attempts: number }[];
    expect(rows).toEqual([{ status: 'succeeded', attempts: 1 }]);
    // Not forced: the same period again is a no-op.
    expect((await runner.run('stock-alerts', { trigger: 'cli', now })).result).toBe('already_ran');
  });

  describe('npm run job (one-shot command)', () => {
    it('runs the job and exits 0, printing one JSON line with its peak memory', async () => {
      const out = await runCommand(['stock-alerts'], { DB_NAME: t.config.db.name });
      expect(out.code).toBe(0);
      const summary = JSON.parse(out.stdout.trim()) as { job: string; result: string; maxRssKb: number; period: string };
      expect(summary.job).toBe('stock-alerts');
      expect(['ran', 'already_ran']).toContain(summary.result);
      expect(summary.maxRssKb).toBeGreaterThan(0);
      expect(out.stdout.trim().split('\n')).toHaveLength(1);
    }, 120_000);

    it('exits non-zero for an unknown job and when the database does not exist', async () => {
      const unknown = await runCommand(['backup'], { DB_NAME: t.config.db.name });
      expect(unknown.code).toBe(64);
      expect(JSON.parse(unknown.stdout.trim())).toMatchObject({ result: 'usage_error' });
      const missing = await runCommand(['stock-alerts'], { DB_NAME: 'clinic_test_missing_database_x' });
      expect(missing.code).toBe(1);
      expect(JSON.parse(missing.stdout.trim())).toMatchObject({ job: 'stock-alerts', result: 'error' });
    }, 120_000);
  });
});
