import { isHealthCheck } from './logging';

describe('isHealthCheck', () => {
  it('recognises the health routes by the full URL, as middie leaves it in originalUrl', () => {
    // Inside a Nest middleware under Fastify, middie has cut the mount path off req.url.
    expect(isHealthCheck({ method: 'GET', url: '/', originalUrl: '/api/v1/health' })).toBe(true);
    expect(isHealthCheck({ method: 'GET', url: '/?x=1', originalUrl: '/api/v1/health/ready?x=1' })).toBe(true);
    expect(isHealthCheck({ method: 'HEAD', url: '/', originalUrl: '/api/v1/health/detailed' })).toBe(true);
    expect(isHealthCheck({ method: 'GET', url: '/api/v1/health' })).toBe(true);
  });

  it('does not swallow other requests', () => {
    expect(isHealthCheck({ method: 'GET', url: '/', originalUrl: '/api/v1/provinces' })).toBe(false);
    expect(isHealthCheck({ method: 'GET', url: '/', originalUrl: '/api/v1/healthz' })).toBe(false);
    expect(isHealthCheck({ method: 'POST', url: '/', originalUrl: '/api/v1/health' })).toBe(false);
    expect(isHealthCheck({ method: 'GET', url: '/api/v1/users' })).toBe(false);
  });
});
