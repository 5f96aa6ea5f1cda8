import { ConfigError, loadConfig } from './app-config';

const strongSecret = 'k'.repeat(16) + 'Zq8!vN3@pL6#rT1$wY4%';

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
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: strongSecret, ADMIN_PASSWORD: 'ok-strong-password-1' });
    expect(config.auth.jwtSecretEphemeral).toBe(false);
  });

  it('needs SMTP_FROM with SMTP_HOST', () => {
    expect(() => loadConfig({ SMTP_HOST: 'mail.example' })).toThrow(/SMTP_FROM/);
    expect(loadConfig({ SMTP_HOST: 'mail.example', SMTP_FROM: 'a@b.c' }).mail.smtp).toMatchObject({ host: 'mail.example', port: 587 });
  });
});
