import { isIP } from 'node:net';
import type { FastifyRequest } from 'fastify';

/** The caller's IP address, or null when what the proxy chain yields is not an address at all. */
export function clientAddress(request: FastifyRequest): string | null {
  return request.ip && isIP(request.ip) ? request.ip : null;
}
