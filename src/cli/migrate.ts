import 'reflect-metadata';
import { unreachableDatabaseMessage } from '../common/database/data-source-options';
import { loadConfig } from '../config/app-config';
import { migrate } from './database';

/** `npm run migration:run`: create the database if needed, then apply pending migrations. */
async function main(): Promise<void> {
  const config = loadConfig();
  try {
    const applied = await migrate(config);
    console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'No pending migrations');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ER_ACCESS_DENIED_ERROR' || code === 'ENOTFOUND') {
      console.error(unreachableDatabaseMessage(config, error));
      process.exit(69);
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
