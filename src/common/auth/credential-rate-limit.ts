import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ErrorResponseDto } from '../errors/error-response.dto';

/**
 * Limits a credential endpoint (sign-in, refresh, password reset) to LOGIN_RATE_LIMIT_PER_MINUTE
 * requests a minute per client address. Counters live in process memory (one instance); several
 * instances behind a balancer need a shared throttler store.
 */
export const CredentialRateLimit = () =>
  applyDecorators(
    UseGuards(ThrottlerGuard),
    ApiTooManyRequestsResponse({ description: 'Too many attempts from this address', type: ErrorResponseDto }),
  );
