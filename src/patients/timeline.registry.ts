import { Injectable } from '@nestjs/common';
import type { LastVisitSummary } from './summary.dto';
import { TIMELINE_KINDS, type TimelineKind } from './timeline.dto';

/**
 * A contribution to GET /patients/{id}/timeline: a SELECT over the contributor's own tables yielding
 * (occurred_at DATETIME(3), kind VARCHAR, id CHAR(36), title VARCHAR, detail VARCHAR NULL, visit_id CHAR(36) NULL)
 * for the patient given as the one positional parameter `?`.
 */
export interface TimelineSource {
  kinds: TimelineKind[] | string[];
  sql: string;
}

export type LastVisitProvider = (patientId: string) => Promise<LastVisitSummary | null>;

/**
 * Where other contexts plug into the patient's timeline and summary (the Clinical Workflow adds
 * visits, diagnoses, lab orders and referrals in its onModuleInit). The registry UNION ALLs the
 * sources and pages the result in SQL.
 */
@Injectable()
export class PatientTimelineRegistry {
  private readonly sourceList: { kinds: TimelineKind[]; sql: string }[] = [];
  private lastVisit: LastVisitProvider | null = null;

  /** Adds a source; throws at start-up for a kind outside TimelineKind or SQL without exactly one `?`. */
  registerSource(source: TimelineSource): void {
    const unknown = source.kinds.filter((k) => !(TIMELINE_KINDS as readonly string[]).includes(k));
    if (source.kinds.length === 0 || unknown.length > 0) {
      throw new Error(`Timeline source kinds must be among ${TIMELINE_KINDS.join(', ')}; got ${source.kinds.join(', ') || 'none'}`);
    }
    if ((source.sql.match(/\?/g) ?? []).length !== 1) throw new Error('A timeline source must have exactly one ? (the patient id)');
    this.sourceList.push({ kinds: [...source.kinds] as TimelineKind[], sql: source.sql });
  }

  /** Supplies the summary's "last visit" block. */
  setLastVisitProvider(provider: LastVisitProvider): void {
    this.lastVisit = provider;
  }

  sources(): readonly { kinds: TimelineKind[]; sql: string }[] {
    return this.sourceList;
  }

  lastVisitOf(patientId: string): Promise<LastVisitSummary | null> {
    return this.lastVisit ? this.lastVisit(patientId) : Promise.resolve(null);
  }
}
