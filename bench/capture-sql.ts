/**
 * Records the SQL the built app (dist/) runs for given API requests, so the bench's raw-SQL baseline
 * runs exactly the same statements. Boots the app in this process (createApp, no listening socket),
 * swaps the TypeORM DataSource's logger for a recorder, logs the users in and sends each request
 * through Fastify's inject(), i.e. through the whole pipeline: guards, validation pipe, service,
 * audit interceptor. Every statement is recorded with when it was issued and when it finished, and
 * classified: the endpoint's own queries ('service'), authentication ('auth'), the audit trail
 * ('audit') and transaction control.
 *
 * Run by bench/run.ts as a child process (clean environment, the apps' settings):
 *   node -r ts-node/register/transpile-only bench/capture-sql.ts '<json CaptureInput>'
 * Writes the result to input.outFile and prints a line starting with CAPTURE_RESULT_MARKER.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import type * as BootstrapModule from '../src/bootstrap';
import type * as AppConfigModule from '../src/config/app-config';
import { DIST } from './lib/settings';

export const CAPTURE_RESULT_MARKER = 'BENCH_CAPTURE_RESULT ';

export interface CaptureInput {
  users: Record<string, { email: string; password: string }>;
  requests: { name: string; user: string; url: string }[];
  /** Where to write the JSON result (CapturedRequest[]). */
  outFile: string;
}

/** A parameter as JSON: Buffers and Dates tagged so they come back as what they were. */
export type CapturedParam = string | number | boolean | null | { $buffer: string } | { $date: string };

export interface CapturedQuery {
  sql: string;
  params: CapturedParam[];
  kind: 'service' | 'auth' | 'audit' | 'control';
  /** ms since the request was sent */
  issuedMs: number;
  doneMs: number | null;
  /** Service queries only: statements of one wave were issued together (in parallel) after the previous wave finished. */
  wave: number | null;
}

export interface CapturedRequest {
  name: string;
  url: string;
  status: number;
  ms: number;
  bodyBytes: number;
  queries: CapturedQuery[];
}

function serialize(value: unknown): CapturedParam {
  if (Buffer.isBuffer(value)) return { $buffer: value.toString('hex') };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (value === undefined) return null;
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return value as CapturedParam;
}

export function deserialize(param: CapturedParam): unknown {
  if (param !== null && typeof param === 'object') {
    if ('$buffer' in param) return Buffer.from(param.$buffer, 'hex');
    if ('$date' in param) return new Date(param.$date);
  }
  return param;
}

function classify(sql: string): CapturedQuery['kind'] {
  const s = sql.trim();
  if (/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SET TRANSACTION|SELECT 1\b|SELECT VERSION)/i.test(s)) return 'control';
  if (/\baudit_(log|chain_head)\b/i.test(s)) return 'audit';
  if (/`?\b(users|roles|role_permissions|permissions|user_sessions|sessions|refresh_tokens)\b`?/i.test(s) && !/\bpatients?\b|\bvisits?\b|\bpatient_/i.test(s)) return 'auth';
  return 'service';
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as CaptureInput;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require(join(DIST, 'src/config/app-config.js')) as typeof AppConfigModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApp } = require(join(DIST, 'src/bootstrap.js')) as typeof BootstrapModule;
  const app: NestFastifyApplication = await createApp(loadConfig());
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  const dataSource = app.get(DataSource);

  let started = performance.now();
  let recording: CapturedQuery[] | null = null;
  const open = new Map<string, CapturedQuery[]>();
  const key = (sql: string, params: unknown[] | undefined) => `${sql}\u0000${JSON.stringify((params ?? []).map(serialize))}`;
  const logger = {
    logQuery(sql: string, params?: unknown[]) {
      if (!recording) return;
      const q: CapturedQuery = { sql, params: (params ?? []).map(serialize), kind: classify(sql), issuedMs: performance.now() - started, doneMs: null, wave: null };
      recording.push(q);
      const k = key(sql, params);
      if (!open.has(k)) open.set(k, []);
      open.get(k)!.push(q);
    },
    logQuerySlow() {},
    logQueryError() {},
    logSchemaBuild() {},
    logMigration() {},
    log() {},
  };
  Object.defineProperty(dataSource, 'logger', { value: logger, configurable: true, writable: true });
  // TypeORM tells subscribers when each statement has finished.
  (dataSource.subscribers as unknown[]).push({
    afterQuery(event: { query: string; parameters?: unknown[] }) {
      const q = open.get(key(event.query, event.parameters))?.shift();
      if (q) q.doneMs = performance.now() - started;
    },
  });

  const tokens = new Map<string, string>();
  for (const [name, credentials] of Object.entries(input.users)) {
    const res = await fastify.inject({ method: 'POST', url: '/api/v1/auth/login', payload: credentials });
    const token = (JSON.parse(res.body) as { accessToken?: string }).accessToken;
    if (res.statusCode !== 200 || !token) throw new Error(`login ${name} (${credentials.email}) answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    tokens.set(name, token);
  }

  const results: CapturedRequest[] = [];
  for (const request of input.requests) {
    const token = tokens.get(request.user);
    if (!token) throw new Error(`Unknown user ${request.user}`);
    // Unrecorded first, ten at once: caches warm and the connection pool full, so statements the
    // service issues together are not spread out by connections being opened.
    await Promise.all(Array.from({ length: 10 }, () => fastify.inject({ method: 'GET', url: request.url, headers: { authorization: `Bearer ${token}` } })));
    await new Promise((r) => setTimeout(r, 300));
    recording = [];
    open.clear();
    started = performance.now();
    const res = await fastify.inject({ method: 'GET', url: request.url, headers: { authorization: `Bearer ${token}` } });
    const ms = performance.now() - started;
    // The audit writer commits shortly after the response: let it.
    await new Promise((r) => setTimeout(r, 500));
    const queries = recording;
    recording = null;
    assignWaves(queries.filter((q) => q.kind === 'service'));
    results.push({ name: request.name, url: request.url, status: res.statusCode, ms, bodyBytes: res.body.length, queries });
  }
  await app.close();
  writeFileSync(input.outFile, JSON.stringify(results));
  process.stdout.write(`${CAPTURE_RESULT_MARKER}${input.outFile}\n`);
}

/** A statement starts a new wave when one of the current wave's statements had finished before it was issued. */
function assignWaves(queries: CapturedQuery[]): void {
  let wave = 0;
  let current: CapturedQuery[] = [];
  for (const q of queries) {
    const anyDone = current.some((c) => c.doneMs !== null && c.doneMs <= q.issuedMs);
    if (current.length > 0 && anyDone) {
      wave += 1;
      current = [];
    }
    q.wave = wave;
    current.push(q);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}
