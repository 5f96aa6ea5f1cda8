import { Injectable, OnModuleInit } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { Page, pageOf } from '../common/pagination/pagination';
import { PatientsService } from './patients.service';
import { TimelineEntryDto, TimelineQueryDto } from './timeline.dto';
import { PatientTimelineRegistry } from './timeline.registry';
import { TimelineRepository, TimelineRow } from './timeline.repository';
import { HISTORY_TIMELINE_SOURCES } from './timeline.sources';

/**
 * GET /patients/{id}/timeline: every registered source (the history's own and other contexts')
 * in one stream, paged in SQL, so only one page leaves the database.
 */
@Injectable()
export class TimelineService implements OnModuleInit {
  constructor(
    private readonly patients: PatientsService,
    private readonly registry: PatientTimelineRegistry,
    private readonly timelines: TimelineRepository,
  ) {}

  onModuleInit(): void {
    for (const source of HISTORY_TIMELINE_SOURCES) this.registry.registerSource(source);
  }

  async timeline(caller: AuthUser, patientId: string, query: TimelineQueryDto): Promise<Page<TimelineEntryDto>> {
    await this.patients.findVisible(caller, patientId);
    const kinds = query.kinds ? [...new Set(query.kinds)] : null;
    // Only the sources that can yield a wanted kind are queried.
    const sources = this.registry.sources().filter((s) => !kinds || s.kinds.some((k) => kinds.includes(k)));
    if (sources.length === 0) return pageOf([], 0, query);
    const { rows, total } = await this.timelines.page(sources, patientId, kinds, { offset: query.offset, limit: query.perPage });
    return pageOf(rows.map(toTimelineEntry), total, query);
  }
}

function toTimelineEntry(row: TimelineRow): TimelineEntryDto {
  return {
    occurredAt: new Date(row.occurred_at).toISOString(),
    kind: row.kind,
    id: row.id,
    title: row.title,
    detail: row.detail === '' ? null : row.detail,
    visitId: row.visit_id,
  };
}
