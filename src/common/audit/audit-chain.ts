import { createHash } from 'node:crypto';

export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** One audit event before it is chained. */
export interface AuditEntry {
  id: string;
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  method: string;
  path: string;
  outcome: AuditOutcome;
  statusCode: number;
  clientIp: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface ChainedAuditEntry extends AuditEntry {
  seq: number;
  prevHash: string;
  hash: string;
}

/** The hash before the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 over the row's own content and the previous row's hash. The field order is fixed here
 * and must never change: rows already written were hashed with it.
 */
export function auditRowHash(seq: number, entry: AuditEntry, prevHash: string): string {
  const content = JSON.stringify([
    seq,
    entry.id,
    entry.occurredAt.toISOString(),
    entry.actorId,
    entry.actorRole,
    entry.action,
    entry.resourceType,
    entry.resourceId,
    entry.method,
    entry.path,
    entry.outcome,
    entry.statusCode,
    entry.clientIp,
    entry.userAgent,
    entry.requestId,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

/** Chains a batch onto the head of the chain. Pure: the caller stores the rows and the new head. */
export function chainEntries(
  head: { seq: number; hash: string },
  entries: AuditEntry[],
): ChainedAuditEntry[] {
  let { seq, hash } = head;
  return entries.map((entry) => {
    seq += 1;
    const prevHash = hash;
    hash = auditRowHash(seq, entry, prevHash);
    return { ...entry, seq, prevHash, hash };
  });
}

export type ChainBreak =
  | { reason: 'sequence_gap'; seq: number; expectedSeq: number }
  | { reason: 'prev_hash_mismatch'; seq: number }
  | { reason: 'hash_mismatch'; seq: number };

/**
 * Checks rows that follow `head` (ordered by seq). Returns the first break, or null and the new head.
 */
export function verifySegment(
  head: { seq: number; hash: string },
  rows: ChainedAuditEntry[],
): { broken: ChainBreak & { id: string } } | { head: { seq: number; hash: string } } {
  let { seq, hash } = head;
  for (const row of rows) {
    if (row.seq !== seq + 1) return { broken: { reason: 'sequence_gap', seq: row.seq, expectedSeq: seq + 1, id: row.id } };
    if (row.prevHash !== hash) return { broken: { reason: 'prev_hash_mismatch', seq: row.seq, id: row.id } };
    if (auditRowHash(row.seq, row, row.prevHash) !== row.hash) return { broken: { reason: 'hash_mismatch', seq: row.seq, id: row.id } };
    seq = row.seq;
    hash = row.hash;
  }
  return { head: { seq, hash } };
}
