import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import { validateCronExpression } from 'cron';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
};

/** The raw environment, validated once at start-up. Every variable is listed in .env.example. */
class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  PORT?: number;

  @IsOptional() @IsIn(['mariadb', 'mysql'])
  DB_TYPE?: string;

  @IsOptional() @IsString()
  DB_HOST?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  DB_PORT?: number;

  @IsOptional() @IsString()
  DB_USER?: string;

  @IsOptional() @IsString()
  DB_PASSWORD?: string;

  @IsOptional() @Matches(/^[A-Za-z0-9_]{1,64}$/, { message: 'DB_NAME must be letters, digits or underscores' })
  DB_NAME?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(500)
  DB_POOL_SIZE?: number;

  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional() @IsString()
  JWT_ISSUER?: string;

  @IsOptional() @IsString()
  JWT_AUDIENCE?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(3600)
  JWT_ACCESS_TTL_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(3600) @Max(90 * 86400)
  REFRESH_TOKEN_TTL_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(59)
  REFRESH_REUSE_GRACE_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000)
  LOGIN_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional() @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional() @IsString()
  ADMIN_PASSWORD?: string;

  @IsOptional() @IsString()
  CORS_ORIGINS?: string;

  // A number of proxy hops, or the proxies' addresses/CIDRs. Not `true`: trusting every hop lets any
  // client choose its own address by sending X-Forwarded-For.
  @IsOptional()
  @Matches(/^(false|[1-9]\d?|[0-9a-fA-F:./]+(\s*,\s*[0-9a-fA-F:./]+)*)$/, {
    message: 'TRUST_PROXY must be false, a number of proxy hops (e.g. 1), or proxy addresses/CIDRs (e.g. 10.0.0.0/8)',
  })
  TRUST_PROXY?: string;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional() @Transform(toBool) @IsBoolean()
  AUDIT_ENABLED?: boolean;

  @IsOptional() @IsString()
  SMTP_HOST?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  SMTP_PORT?: number;

  @IsOptional() @IsString()
  SMTP_USER?: string;

  @IsOptional() @IsString()
  SMTP_PASSWORD?: string;

  @IsOptional() @Transform(toBool) @IsBoolean()
  SMTP_SECURE?: boolean;

  @IsOptional() @IsString()
  SMTP_FROM?: string;

  @IsOptional() @IsString()
  PUBLIC_APP_URL?: string;

  // PHI field encryption; parsed and checked by parsePhiConfig below.
  @IsOptional() @IsString()
  PHI_ENCRYPTION_KEYS?: string;

  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'PHI_ENCRYPTION_ACTIVE_KEY must be a key id: 1-32 letters, digits, _ or -' })
  PHI_ENCRYPTION_ACTIVE_KEY?: string;

  @IsOptional() @IsString()
  PHI_BLIND_INDEX_KEY?: string;

  // Patient documents (uploads) live on disk, outside the database.
  @IsOptional() @IsString() @MinLength(1)
  DOCUMENT_STORAGE_DIR?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) @Max(100 * 1024 * 1024)
  DOCUMENT_MAX_BYTES?: number;

  // Scheduled jobs; the cron expression and time zone are checked by parseJobsConfig below.
  @IsOptional() @IsString()
  JOBS_STOCK_ALERTS_CRON?: string;

  @IsOptional() @IsString()
  JOBS_TIMEZONE?: string;

  @IsOptional() @Transform(toBool) @IsBoolean()
  JOBS_SCHEDULER_ENABLED?: boolean;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  corsOrigins: string[];
  /** false, a hop count, or a list of trusted proxy addresses/CIDRs, as Fastify takes it. */
  trustProxy: false | number | string;
  logLevel: string;
  version: string;
  db: { type: 'mariadb' | 'mysql'; host: string; port: number; user: string; password: string; name: string; poolSize: number };
  auth: {
    jwtSecret: string;
    /** True when no JWT_SECRET was given and a random one was made for this process. */
    jwtSecretEphemeral: boolean;
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    refreshReuseGraceSeconds: number;
    loginRateLimitPerMinute: number;
  };
  admin: { email: string; password: string | undefined };
  audit: { enabled: boolean };
  mail: {
    smtp?: { host: string; port: number; secure: boolean; user?: string; password?: string };
    from: string;
    publicAppUrl: string;
  };
  /** Keys for identity and medical-aid numbers at rest (src/common/crypto/field-cipher.ts). */
  phi: PhiKeys;
  /** Uploaded patient documents: an absolute directory, and the largest file accepted. */
  documents: { storageDir: string; maxBytes: number; /** A throwaway directory made for this process (tests): removed when the app closes. */ ephemeral: boolean };
  /** In-process schedules (@nestjs/schedule); every instance fires them, a database lock lets one run. */
  jobs: { stockAlertsCron: string; timeZone: string; schedulerEnabled: boolean };
}

export interface PhiKeys {
  /** AES-256 keys by id; the id is stored with each ciphertext, so old keys keep decrypting after a rotation. */
  encryptionKeys: ReadonlyMap<string, Buffer>;
  /** The key id new values are encrypted with. */
  activeKeyId: string;
  /** HMAC-SHA256 key of the blind indexes (exact search without decrypting). */
  blindIndexKey: Buffer;
  /** True when the fixed development keys are in use (never in production). */
  developmentKeys: boolean;
}

export class ConfigError extends Error {}

/** Passwords too weak for a production administrator or signing secret, whatever their length. */
const WEAK_SECRET = /^(.)\1+$|^(change ?me|password|secret|admin)/i;

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = plainToInstance(EnvironmentVariables, { ...source }, { enableImplicitConversion: false });
  // One line per variable, naming it.
  const problems = validateSync(env, { whitelist: false, stopAtFirstError: true }).map(
    (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`,
  );
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['env'];
  const production = nodeEnv === 'production';
  if (production) {
    if (!env.JWT_SECRET) problems.push('JWT_SECRET: must be set when NODE_ENV=production');
    else if (WEAK_SECRET.test(env.JWT_SECRET)) problems.push('JWT_SECRET: is a well-known weak value');
    if (!env.ADMIN_PASSWORD) problems.push('ADMIN_PASSWORD: must be set when NODE_ENV=production');
    else if (env.ADMIN_PASSWORD.length < 12 || WEAK_SECRET.test(env.ADMIN_PASSWORD))
      problems.push('ADMIN_PASSWORD: must be at least 12 characters and not a well-known value');
    if (env.AUDIT_ENABLED === false) problems.push('AUDIT_ENABLED: cannot be false when NODE_ENV=production');
  }
  if (env.SMTP_HOST && !env.SMTP_FROM) problems.push('SMTP_FROM: must be set when SMTP_HOST is set');
  const phi = parsePhiConfig(env, production, problems);
  const jobs = parseJobsConfig(env, problems);
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }

  return {
    env: nodeEnv,
    port: env.PORT ?? 3000,
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    version: process.env.npm_package_version ?? readPackageVersion(),
    db: {
      type: (env.DB_TYPE ?? 'mariadb') as AppConfig['db']['type'],
      host: env.DB_HOST ?? '127.0.0.1',
      port: env.DB_PORT ?? 3306,
      user: env.DB_USER ?? 'root',
      password: env.DB_PASSWORD ?? '',
      name: env.DB_NAME ?? 'clinic',
      poolSize: env.DB_POOL_SIZE ?? 10,
    },
    auth: {
      jwtSecret: env.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      jwtSecretEphemeral: !env.JWT_SECRET,
      issuer: env.JWT_ISSUER ?? 'mobile-clinic-erp',
      audience: env.JWT_AUDIENCE ?? 'mobile-clinic-staff',
      accessTtlSeconds: env.JWT_ACCESS_TTL_SECONDS ?? 15 * 60,
      refreshTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS ?? 14 * 86400,
      refreshReuseGraceSeconds: env.REFRESH_REUSE_GRACE_SECONDS ?? 30,
      loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE ?? 5,
    },
    admin: { email: (env.ADMIN_EMAIL ?? 'admin@clinic.local').toLowerCase(), password: env.ADMIN_PASSWORD },
    audit: { enabled: env.AUDIT_ENABLED ?? true },
    mail: {
      smtp: env.SMTP_HOST
        ? {
            host: env.SMTP_HOST,
            port: env.SMTP_PORT ?? 587,
            secure: env.SMTP_SECURE ?? false,
            user: env.SMTP_USER,
            password: env.SMTP_PASSWORD,
          }
        : undefined,
      from: env.SMTP_FROM ?? 'Mobile Clinic <no-reply@clinic.local>',
      publicAppUrl: env.PUBLIC_APP_URL ?? 'http://localhost:3000',
    },
    phi,
    documents: {
      // Tests get a fresh directory per app; anywhere else the default is ./var/documents (git-ignored).
      storageDir: resolve(env.DOCUMENT_STORAGE_DIR ?? (nodeEnv === 'test' ? join(tmpdir(), `clinic-documents-${randomBytes(6).toString('hex')}`) : join('var', 'documents'))),
      maxBytes: env.DOCUMENT_MAX_BYTES ?? 10 * 1024 * 1024,
      ephemeral: !env.DOCUMENT_STORAGE_DIR && nodeEnv === 'test',
    },
    jobs,
  };
}

/** True for an IANA time zone name the runtime knows (Africa/Johannesburg, UTC), not an abbreviation like SAST. */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** JOBS_STOCK_ALERTS_CRON (5 or 6 fields or a preset, as the cron package reads it), JOBS_TIMEZONE, JOBS_SCHEDULER_ENABLED. */
function parseJobsConfig(env: EnvironmentVariables, problems: string[]): AppConfig['jobs'] {
  const stockAlertsCron = (env.JOBS_STOCK_ALERTS_CRON ?? '0 2 * * *').trim();
  const timeZone = (env.JOBS_TIMEZONE ?? 'Africa/Johannesburg').trim();
  const fields = stockAlertsCron.split(/\s+/).length;
  const shapeOk = stockAlertsCron.startsWith('@') || (fields >= 5 && fields <= 6);
  if (!shapeOk || !validateCronExpression(stockAlertsCron).valid) {
    problems.push("JOBS_STOCK_ALERTS_CRON: must be a cron expression of 5 or 6 fields (or @daily etc.), e.g. '0 2 * * *' for 02:00 daily");
  }
  if (!isIanaTimeZone(timeZone)) problems.push('JOBS_TIMEZONE: must be an IANA time zone name, e.g. Africa/Johannesburg');
  return { stockAlertsCron, timeZone, schedulerEnabled: env.JOBS_SCHEDULER_ENABLED ?? true };
}

/**
 * Fixed development keys, derived from public labels: data encrypted outside production survives a
 * restart. They protect nothing (anyone can derive them) and are refused when NODE_ENV=production.
 */
const devKey = (label: string) => createHash('sha256').update(`mobile-clinic-erp ${label} DEVELOPMENT ONLY - never use in production`).digest();
export const DEV_PHI_KEY_ID = 'dev1';
const DEV_PHI_ENCRYPTION_KEY = devKey('PHI encryption key');
const DEV_PHI_BLIND_INDEX_KEY = devKey('PHI blind index key');

function decodeBase64Key(value: string): Buffer | null {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return null;
  return Buffer.from(trimmed, trimmed.includes('-') || trimmed.includes('_') ? 'base64url' : 'base64');
}

/** PHI_ENCRYPTION_KEYS ('id:base64,...'), PHI_ENCRYPTION_ACTIVE_KEY, PHI_BLIND_INDEX_KEY; required in production. */
function parsePhiConfig(env: EnvironmentVariables, production: boolean, problems: string[]): PhiKeys {
  const keys = new Map<string, Buffer>();
  let firstId: string | undefined;
  if (env.PHI_ENCRYPTION_KEYS) {
    for (const entry of env.PHI_ENCRYPTION_KEYS.split(',').map((e) => e.trim()).filter(Boolean)) {
      const match = /^([A-Za-z0-9_-]{1,32}):(.+)$/.exec(entry);
      const key = match ? decodeBase64Key(match[2]) : null;
      if (!match || !key || key.length !== 32) {
        problems.push('PHI_ENCRYPTION_KEYS: each entry must be keyId:base64 of exactly 32 bytes (key id: 1-32 letters, digits, _ or -)');
        break;
      }
      if (keys.has(match[1])) {
        problems.push(`PHI_ENCRYPTION_KEYS: key id ${match[1]} is listed twice`);
        break;
      }
      if (production && key.equals(DEV_PHI_ENCRYPTION_KEY)) problems.push('PHI_ENCRYPTION_KEYS: contains the development key');
      keys.set(match[1], key);
      firstId ??= match[1];
    }
  } else if (production) {
    problems.push('PHI_ENCRYPTION_KEYS: must be set when NODE_ENV=production');
  }
  let blindIndexKey: Buffer | null = null;
  if (env.PHI_BLIND_INDEX_KEY) {
    blindIndexKey = decodeBase64Key(env.PHI_BLIND_INDEX_KEY);
    if (!blindIndexKey || blindIndexKey.length < 32) problems.push('PHI_BLIND_INDEX_KEY: must be base64 of at least 32 bytes');
    else if (production && blindIndexKey.equals(DEV_PHI_BLIND_INDEX_KEY)) problems.push('PHI_BLIND_INDEX_KEY: is the development key');
  } else if (production) {
    problems.push('PHI_BLIND_INDEX_KEY: must be set when NODE_ENV=production');
  }
  if (production && keys.size > 1 && !env.PHI_ENCRYPTION_ACTIVE_KEY) {
    problems.push('PHI_ENCRYPTION_ACTIVE_KEY: must be set when PHI_ENCRYPTION_KEYS lists more than one key');
  }
  if (env.PHI_ENCRYPTION_ACTIVE_KEY && !keys.has(env.PHI_ENCRYPTION_ACTIVE_KEY)) {
    problems.push('PHI_ENCRYPTION_ACTIVE_KEY: is not one of the key ids in PHI_ENCRYPTION_KEYS');
  }
  const developmentKeys = keys.size === 0;
  if (developmentKeys) keys.set(DEV_PHI_KEY_ID, DEV_PHI_ENCRYPTION_KEY);
  return {
    encryptionKeys: keys,
    activeKeyId: developmentKeys ? DEV_PHI_KEY_ID : (env.PHI_ENCRYPTION_ACTIVE_KEY ?? firstId ?? DEV_PHI_KEY_ID),
    blindIndexKey: blindIndexKey && blindIndexKey.length >= 32 ? blindIndexKey : DEV_PHI_BLIND_INDEX_KEY,
    developmentKeys,
  };
}

function parseTrustProxy(value: string | undefined): false | number | string {
  if (value === undefined || value === 'false') return false;
  return /^\d+$/.test(value) ? Number(value) : value.replace(/\s+/g, '');
}

function readPackageVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../package.json') as { version: string }).version;
  } catch {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return (require('../../../package.json') as { version: string }).version;
    } catch {
      return '0.0.0';
    }
  }
}

export const APP_CONFIG = Symbol('APP_CONFIG');
