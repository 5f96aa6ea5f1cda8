import { decideRefresh } from './refresh-rotation';

const now = new Date('2026-11-23T10:00:00Z');
const later = new Date('2026-12-01T00:00:00Z');
const live = { expiresAt: later, usedAt: null, successorUnused: true, sessionRevokedAt: null, sessionExpiresAt: later };

describe('decideRefresh', () => {
  it('rotates an unused live token', () => {
    expect(decideRefresh(live, now, 30)).toBe('rotate');
  });

  it('re-issues a token used within the grace window', () => {
    expect(decideRefresh({ ...live, usedAt: new Date(now.getTime() - 29_000) }, now, 30)).toBe('grace_reissue');
  });

  it('treats a replay as stolen once the family has moved on, even inside the grace window', () => {
    expect(decideRefresh({ ...live, usedAt: new Date(now.getTime() - 5_000), successorUnused: false }, now, 30)).toBe('reuse_detected');
  });

  it('treats a token used before the grace window as stolen', () => {
    expect(decideRefresh({ ...live, usedAt: new Date(now.getTime() - 31_000) }, now, 30)).toBe('reuse_detected');
  });

  it('refuses expired tokens and revoked or expired sessions', () => {
    expect(decideRefresh({ ...live, expiresAt: now }, now, 30)).toBe('invalid');
    expect(decideRefresh({ ...live, sessionRevokedAt: now }, now, 30)).toBe('invalid');
    expect(decideRefresh({ ...live, sessionExpiresAt: new Date(now.getTime() - 1) }, now, 30)).toBe('invalid');
  });
});
