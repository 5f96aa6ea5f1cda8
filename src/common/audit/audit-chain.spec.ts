import { randomUUID } from 'node:crypto';
import { AuditEntry, chainEntries, GENESIS_HASH, verifySegment } from './audit-chain';

function entry(action: string): AuditEntry {
  return {
    id: randomUUID(),
    occurredAt: new Date('2026-11-23T08:00:00.123Z'),
    actorId: randomUUID(),
    actorRole: 'nurse',
    action,
    resourceType: 'user',
    resourceId: null,
    method: 'POST',
    path: '/api/v1/users',
    outcome: 'success',
    statusCode: 201,
    clientIp: '127.0.0.1',
    userAgent: 'jest',
    requestId: randomUUID(),
  };
}

describe('audit hash chain', () => {
  const genesis = { seq: 0, hash: GENESIS_HASH };

  it('links every row to the one before it', () => {
    const rows = chainEntries(genesis, [entry('a'), entry('b'), entry('c')]);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0].prevHash).toBe(GENESIS_HASH);
    expect(rows[1].prevHash).toBe(rows[0].hash);
    expect(rows[2].prevHash).toBe(rows[1].hash);
    expect(verifySegment(genesis, rows)).toEqual({ head: { seq: 3, hash: rows[2].hash } });
  });

  it('continues a chain across batches exactly as one batch would', () => {
    const entries = [entry('a'), entry('b'), entry('c')];
    const whole = chainEntries(genesis, entries);
    const first = chainEntries(genesis, entries.slice(0, 1));
    const rest = chainEntries({ seq: 1, hash: first[0].hash }, entries.slice(1));
    expect([...first, ...rest]).toEqual(whole);
  });

  it('finds an edited field', () => {
    const rows = chainEntries(genesis, [entry('a'), entry('b'), entry('c')]);
    rows[1] = { ...rows[1], outcome: 'failure' };
    expect(verifySegment(genesis, rows)).toEqual({ broken: { reason: 'hash_mismatch', seq: 2, id: rows[1].id } });
  });

  it('finds a deleted row', () => {
    const rows = chainEntries(genesis, [entry('a'), entry('b'), entry('c')]);
    const result = verifySegment(genesis, [rows[0], rows[2]]);
    expect(result).toEqual({ broken: { reason: 'sequence_gap', seq: 3, expectedSeq: 2, id: rows[2].id } });
  });

  it('finds a row whose hash was recomputed after an edit, at the next row', () => {
    const rows = chainEntries(genesis, [entry('a'), entry('b'), entry('c')]);
    const forged = chainEntries({ seq: 1, hash: rows[0].hash }, [{ ...rows[1], action: 'forged' }])[0];
    const result = verifySegment(genesis, [rows[0], forged, rows[2]]);
    expect(result).toEqual({ broken: { reason: 'prev_hash_mismatch', seq: 3, id: rows[2].id } });
  });
});
