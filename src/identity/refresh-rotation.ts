export type RefreshDecision = 'rotate' | 'grace_reissue' | 'reuse_detected' | 'invalid';

export interface RefreshTokenState {
  expiresAt: Date;
  usedAt: Date | null;
  /** Whether the token issued in its place (if any) is still unused: the family has not moved on. */
  successorUnused: boolean;
  sessionRevokedAt: Date | null;
  sessionExpiresAt: Date;
}

/**
 * What to do with a presented refresh token. A token is single-use; presenting a used one means it
 * was stolen, so the whole session (token family) is revoked, unless it comes within a short grace
 * window after its first use AND the token issued in its place has not been used yet: a phone on a
 * bad link that never received the new pair retries. Once the family has moved on, a replay is theft.
 */
export function decideRefresh(token: RefreshTokenState, now: Date, graceSeconds: number): RefreshDecision {
  if (token.sessionRevokedAt || token.expiresAt <= now || token.sessionExpiresAt <= now) return 'invalid';
  if (!token.usedAt) return 'rotate';
  const withinGrace = now.getTime() - token.usedAt.getTime() <= graceSeconds * 1000;
  return withinGrace && token.successorUnused ? 'grace_reissue' : 'reuse_detected';
}
