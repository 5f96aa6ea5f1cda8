import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { createApp } from './bootstrap';
import { checkDatabaseReachable, unreachableDatabaseMessage } from './common/database/data-source-options';
import { waitForIdlePool } from './common/database/pool-drain';
import { ConfigError, loadConfig } from './config/app-config';

const SHUTDOWN_GRACE_MS = 25_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  if (config.auth.jwtSecretEphemeral) {
    console.warn(
      '\n*** WARNING: JWT_SECRET is not set. A random secret was made for this process: every token dies on restart ' +
        'and several instances will not accept each other\'s tokens. Set JWT_SECRET (32+ characters) before real use. ***\n',
    );
  }
  // Check the database first, so an unreachable one gives one clear paragraph rather than retries and stacks.
  let utcOffsetMinutes: number;
  try {
    ({ utcOffsetMinutes } = await checkDatabaseReachable(config));
  } catch (error) {
    console.error(unreachableDatabaseMessage(config, error));
    process.exit(69); // EX_UNAVAILABLE
  }
  if (utcOffsetMinutes !== 0) {
    console.error(
      `The database server's time zone is ${utcOffsetMinutes} minutes from UTC. The service stores and reads every ` +
        `timestamp as UTC: start the server with default_time_zone='+00:00' (my.cnf, or --default-time-zone=+00:00).`,
    );
    process.exit(78); // EX_CONFIG
  }
  const app = await createApp(config);
  await app.listen({ port: config.port, host: '0.0.0.0' });

  // Nest's own shutdown hooks close the database before the HTTP server, failing requests still in
  // flight. Stop accepting and drain HTTP first, then shut the rest down.
  const shutdown = async (signal: string) => {
    app.get(Logger).log(`${signal} received: finishing in-flight requests`, 'Shutdown');
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    await app.getHttpAdapter().getInstance().close();
    // Handlers whose clients hung up can still be running; let their transactions finish.
    await waitForIdlePool(app.get(DataSource), SHUTDOWN_GRACE_MS / 2);
    await app.close();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, (s: string) => void shutdown(s));
}

void main();
