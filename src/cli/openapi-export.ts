import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../bootstrap';
import { loadConfig } from '../config/app-config';
import { buildOpenApiDocument } from '../common/openapi/openapi';

/** `npm run openapi:export`: writes openapi.json at the repo root (needs the database, like the app). */
async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const app = await createApp(config);
  await app.init();
  const document = buildOpenApiDocument(app, config.version);
  writeFileSync(join(__dirname, '..', '..', 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
  console.log('Wrote openapi.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
