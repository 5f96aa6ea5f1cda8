import { ConfigError, loadConfig } from './app-config';

const strongSecret = 'k'.repeat(16) + 'Zq8!vN3@pL6#rT1$wY4%';
const key32 = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const PHI = { PHI_ENCRYPTION_KEYS: `k1:${key32(1)}`, PHI_BLIND_INDEX_KEY: key32(2) };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.db).toMatchObject({ host: '127.0.0.1', port: 3306, user: 'root', password: '', name: 'clinic', poolSize: 10 });
    expect(config.auth.accessTtlSeconds).toBe(900);
    expect(config.auth.jwtSecretEphemeral).toBe(true);
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(config.audit.enabled).toBe(true);
  });

  it('names each malformed variable', () => {
    const load = () => loadConfig({ PORT: 'eighty', DB_PORT: '99999', JWT_SECRET: 'short' });
    expect(load).toThrow(ConfigError);
    // One line per variable, each starting with its name (so DB_PORT's line does not stand in for PORT's).
    for (const name of ['PORT', 'DB_PORT', 'JWT_SECRET']) expect(load).toThrow(new RegExp(`^  - ${name}: `, 'm'));
  });

  it('requires a strong JWT_SECRET and ADMIN_PASSWORD in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: must be set[\s\S]*ADMIN_PASSWORD: must be set/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'changeme'.repeat(5), ADMIN_PASSWORD: 'ok-strong-password-1' })).toThrow(
      /JWT_SECRET: is a well-known weak value/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: strongSecret, ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: strongSecret, ADMIN_PASSWORD: 'ok-strong-password-1', AUDIT_ENABLED: 'false' })).toThrow(
      /AUDIT_ENABLED/,
    );
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: strongSecret, ADMIN_PASSWORD: 'ok-strong-password-1', ...PHI });
    expect(config.auth.jwtSecretEphemeral).toBe(false);
  });

  it('requires the PHI keys in production and uses fixed development keys elsewhere', () => {
    const prod = { NODE_ENV: 'production', JWT_SECRET: strongSecret, ADMIN_PASSWORD: 'ok-strong-password-1' };
    expect(() => loadConfig(prod)).toThrow(/PHI_ENCRYPTION_KEYS: must be set[\s\S]*PHI_BLIND_INDEX_KEY: must be set/);
    const dev = loadConfig({});
    expect(dev.phi).toMatchObject({ activeKeyId: 'dev1', developmentKeys: true });
    expect(loadConfig({}).phi.encryptionKeys.get('dev1')!.equals(dev.phi.encryptionKeys.get('dev1')!)).toBe(true);
    // The development keys are refused in production even when given explicitly.
    const devKey = dev.phi.encryptionKeys.get('dev1')!.toString('base64');
    expect(() => loadConfig({ ...prod, ...PHI, PHI_ENCRYPTION_KEYS: `dev1:${devKey}` })).toThrow(/PHI_ENCRYPTION_KEYS: contains the development key/);
    expect(() => loadConfig({ ...prod, ...PHI, PHI_BLIND_INDEX_KEY: dev.phi.blindIndexKey.toString('base64') })).toThrow(/PHI_BLIND_INDEX_KEY: is the development key/);
  });

  it('parses PHI key lists, the active key and rotation', () => {
    const rotated = loadConfig({ PHI_ENCRYPTION_KEYS: `old:${key32(1)}, new:${key32(3)}`, PHI_ENCRYPTION_ACTIVE_KEY: 'new', PHI_BLIND_INDEX_KEY: key32(2) });
    expect([...rotated.phi.encryptionKeys.keys()]).toEqual(['old', 'new']);
    expect(rotated.phi).toMatchObject({ activeKeyId: 'new', developmentKeys: false });
    expect(loadConfig(PHI).phi.activeKeyId).toBe('k1');
    expect(() => loadConfig({ PHI_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' })).toThrow(/^ {2}- PHI_ENCRYPTION_KEYS: /m);
    expect(() => loadConfig({ PHI_ENCRYPTION_KEYS: `k1:${key32(1)},k1:${key32(3)}` })).toThrow(/listed twice/);
    expect(() => loadConfig({ ...PHI, PHI_ENCRYPTION_ACTIVE_KEY: 'k9' })).toThrow(/^ {2}- PHI_ENCRYPTION_ACTIVE_KEY: /m);
    expect(() => loadConfig({ PHI_BLIND_INDEX_KEY: key32(1).slice(0, 20) })).toThrow(/^ {2}- PHI_BLIND_INDEX_KEY: /m);
    const prod = { NODE_ENV: 'production', JWT_SECRET: strongSecret, ADMIN_PASSWORD: 'ok-strong-password-1', PHI_BLIND_INDEX_KEY: key32(2) };
    expect(() => loadConfig({ ...prod, PHI_ENCRYPTION_KEYS: `a:${key32(1)},b:${key32(3)}` })).toThrow(/PHI_ENCRYPTION_ACTIVE_KEY: must be set/);
  });

  it('needs SMTP_FROM with SMTP_HOST', () => {
    expect(() => loadConfig({ SMTP_HOST: 'mail.example' })).toThrow(/SMTP_FROM/);
    expect(loadConfig({ SMTP_HOST: 'mail.example', SMTP_FROM: 'a@b.c' }).mail.smtp).toMatchObject({ host: 'mail.example', port: 587 });
  });

  it('reads the job schedule, checking the cron expression and the time zone', () => {
    expect(loadConfig({}).jobs).toEqual({ stockAlertsCron: '0 2 * * *', timeZone: 'Africa/Johannesburg', schedulerEnabled: true });
    expect(loadConfig({ JOBS_STOCK_ALERTS_CRON: '30 1 * * 1-5', JOBS_TIMEZONE: 'UTC', JOBS_SCHEDULER_ENABLED: 'false' }).jobs).toEqual({
      stockAlertsCron: '30 1 * * 1-5',
      timeZone: 'UTC',
      schedulerEnabled: false,
    });
    expect(loadConfig({ JOBS_STOCK_ALERTS_CRON: '@daily' }).jobs.stockAlertsCron).toBe('@daily');
    for (const cron of ['61 2 * * *', '* * *', 'every night', '0 2 * * * * *']) {
      expect(() => loadConfig({ JOBS_STOCK_ALERTS_CRON: cron })).toThrow(/^ {2}- JOBS_STOCK_ALERTS_CRON: /m);
    }
    for (const zone of ['SAST', 'Mars/Olympus_Mons', 'Africa/Johannesburg; DROP']) {
      expect(() => loadConfig({ JOBS_TIMEZONE: zone })).toThrow(/^ {2}- JOBS_TIMEZONE: /m);
    }
    expect(() => loadConfig({ JOBS_SCHEDULER_ENABLED: 'maybe' })).toThrow(/^ {2}- JOBS_SCHEDULER_ENABLED: /m);
  });
});
