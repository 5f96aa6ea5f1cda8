import 'reflect-metadata';
import { createApp } from './bootstrap';
import { unreachableDatabaseMessage } from './common/database/data-source-options';
import { ConfigError, loadConfig } from './config/app-config';

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
  let app;
  try {
    app = await createApp(config);
  } catch (error) {
    const code = (error as { code?: string; errno?: number })?.code;
    if (code === 'ECONNREFUSED' || code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_BAD_DB_ERROR' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
      console.error(unreachableDatabaseMessage(config, error));
      process.exit(69); // EX_UNAVAILABLE
    }
    throw error;
  }
  await app.listen({ port: config.port, host: '0.0.0.0' });
}

void main();
