import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../../config/app-config';

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
  '*.passportNumber',
  '*.memberNumber',
];

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
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/api/v1/health') },
    },
  };
}
