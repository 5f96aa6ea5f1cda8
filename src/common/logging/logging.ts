import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config';
import { API_PREFIX } from '../openapi/openapi';

/**
 * Structured JSON logs. Credentials and identity numbers are redacted wherever they appear in a
 * logged object; request bodies are never logged.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.idNumber',
  '*.identityNumber',
  '*.medicalAidNumber',
  '*.passportNumber',
  '*.memberNumber',
];

const HEALTH_PATH = `/${API_PREFIX}/health`;

/**
 * A health check (`GET /api/v1/health`, `/health/ready`, `/health/detailed`): probes call these every
 * few seconds, so they are not logged. The path comes from `originalUrl`: pino-http runs as a Nest
 * middleware, which Fastify mounts through @fastify/middie, and middie strips the mount path from
 * `req.url` while the middleware runs (here it is `/` for every request), keeping the full URL in
 * `originalUrl`.
 */
export function isHealthCheck(req: { method?: string; url?: string; originalUrl?: string }): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
  return path === HEALTH_PATH || path.startsWith(`${HEALTH_PATH}/`);
}

export function loggerParams(config: AppConfig): Params {
  return {
    // Nest 11's path syntax; the library's default '*' logs a deprecation warning at every start.
    forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
    pinoHttp: {
      level: config.logLevel,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      genReqId: (req) => (req as { id?: string }).id ?? 'unknown',
      customProps: () => ({ service: 'mobile-clinic-erp' }),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: isHealthCheck },
    },
  };
}
