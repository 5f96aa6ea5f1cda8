import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { createTestDatabase, DEMO_PASSWORD, demoEmail } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');

/**
 * The service as operations run it: a separate process, JSON logs on stdout, SIGTERM to stop.
 */
describe('service process', () => {
  let drop: () => Promise<void>;
  let env: Record<string, string>;
  let child: ChildProcess;
  let output = '';
  const port = 3900 + (process.pid % 90);
  const base = `http://127.0.0.1:${port}`;

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    env = {
      ...(process.env as Record<string, string>),
      NODE_ENV: 'test',
      PORT: String(port),
      DB_NAME: db.config.db.name,
      JWT_SECRET: db.config.auth.jwtSecret,
      LOG_LEVEL: 'trace',
      LOGIN_RATE_LIMIT_PER_MINUTE: '100',
    };
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        if ((await request(base).get('/api/v1/health')).status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`service did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await drop();
  });

  it('never writes passwords, tokens or authorization headers to its logs', async () => {
    const wrongPassword = 'Wr0ng-Secret-Marker-123';
    await request(base).post('/api/v1/auth/login').send({ email: demoEmail('nurse'), password: wrongPassword }).expect(401);
    const ok = await request(base).post('/api/v1/auth/login').send({ email: demoEmail('nurse'), password: DEMO_PASSWORD }).expect(200);
    const { accessToken, refreshToken } = ok.body as { accessToken: string; refreshToken: string };
    await request(base).get('/api/v1/auth/me').set('Authorization', `Bearer ${accessToken}`).expect(200);
    await request(base).post('/api/v1/auth/refresh').send({ refreshToken }).expect(200);
    await request(base).get('/api/v1/users?q=Secret-Search-Term').set('Authorization', `Bearer ${accessToken}`).expect(403);
    await request(base).post('/api/v1/auth/password/forgot').send({ email: demoEmail('nurse') }).expect(202);
    await new Promise((r) => setTimeout(r, 300));

    expect(output).toContain('"msg":"request completed"');
    for (const secret of [wrongPassword, DEMO_PASSWORD, accessToken, accessToken.split('.')[2], refreshToken, 'Secret-Search-Term', 'Bearer ']) {
      expect(output).not.toContain(secret);
    }
  });

  it('does not log health checks, and logs every other request', async () => {
    // The start-up poll above already hit /health; these add the other health routes.
    await request(base).get('/api/v1/health').expect(200);
    await request(base).get('/api/v1/health/ready?probe=1').expect(200);
    await request(base).get('/api/v1/health/detailed').expect(401);
    await request(base).get('/api/v1/healthz').set('X-Request-Id', 'not-a-health-check').expect(404);
    await request(base).get('/api/v1/provinces').set('X-Request-Id', 'after-the-health-checks').expect(401);
    await new Promise((r) => setTimeout(r, 300));

    const completed = output
      .split('\n')
      .filter((line) => line.includes('"msg":"request completed"'))
      .map((line) => JSON.parse(line) as { req: { id: string; path: string } });
    expect(completed.filter((entry) => /^\/api\/v1\/health(\/|$)/.test(entry.req.path)).map((entry) => entry.req.path)).toEqual([]);
    expect(completed.map((entry) => entry.req)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'not-a-health-check', path: '/api/v1/healthz' }),
        expect.objectContaining({ id: 'after-the-health-checks', path: '/api/v1/provinces' }),
      ]),
    );
  });

  it('finishes in-flight requests on SIGTERM, then exits 0', async () => {
    // Each sign-in costs an argon2 verification, so twenty keep the server busy well past the signal.
    // The signal goes once the first answer is back: by then every request has been read.
    let firstAnswered!: () => void;
    const first = new Promise<void>((resolve) => (firstAnswered = resolve));
    // Four accounts, five sign-ins each: more than five at once to one account count as guesses.
    const accounts = ['clerk', 'doctor', 'finance', 'viewer'];
    const inFlight = Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(base)
          .post('/api/v1/auth/login')
          .send({ email: demoEmail(accounts[i % accounts.length]), password: DEMO_PASSWORD })
          .then((res) => {
            firstAnswered();
            return res.status;
          }),
      ),
    );
    await first;
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    child.kill('SIGTERM');
    expect(await inFlight).toEqual(Array(20).fill(200));
    expect(await exited).toEqual({ code: 0, signal: null });
  });
});
