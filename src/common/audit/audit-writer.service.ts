import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditEntry, chainEntries } from './audit-chain';

interface Pending {
  entry: AuditEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const MAX_BATCH = 500;

/**
 * Appends rows to the hash-chained audit log.
 *
 * The chain is a single sequence, so writes must be serialised: each batch locks the chain head row
 * (`SELECT … FOR UPDATE`), which also serialises several app instances. To keep that from becoming
 * the bottleneck, writes are group-committed: while one batch is in the database, new entries queue
 * up and go together in the next transaction. Callers still wait for their own row to be committed,
 * so a response is never sent before its audit row exists.
 */
@Injectable()
export class AuditWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  append(entry: AuditEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.writeBatch(batch.map((p) => p.entry));
          batch.forEach((p) => p.resolve());
        } catch (error) {
          if (batch.length === 1) {
            batch[0].reject(error);
            continue;
          }
          // One bad row must not cost the others their audit: write them one at a time.
          for (const pending of batch) {
            await this.writeBatch([pending.entry]).then(pending.resolve, pending.reject);
          }
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  private async writeBatch(entries: AuditEntry[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [head] = (await manager.query(
        'SELECT last_seq AS seq, last_hash AS hash FROM audit_chain_head WHERE id = 1 FOR UPDATE',
      )) as { seq: string | number; hash: string }[];
      const rows = chainEntries({ seq: Number(head.seq), hash: head.hash }, entries);
      const placeholders = rows.map(() => '(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)').join(',');
      const params = rows.flatMap((r) => [
        r.seq,
        r.id,
        r.occurredAt,
        r.actorId,
        r.actorRole,
        r.action,
        r.resourceType,
        r.resourceId,
        r.method,
        r.path,
        r.outcome,
        r.statusCode,
        r.clientIp,
        r.userAgent,
        r.requestId,
        r.prevHash,
        r.hash,
      ]);
      await manager.query(
        `INSERT INTO audit_log (seq, id, occurred_at, actor_id, actor_role, action, resource_type, resource_id,
           method, path, outcome, status_code, client_ip, user_agent, request_id, prev_hash, hash)
         VALUES ${placeholders}`,
        params,
      );
      const last = rows[rows.length - 1];
      await manager.query('UPDATE audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1', [last.seq, last.hash]);
    });
  }
}
