import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TimelineKind } from './timeline.dto';

export interface TimelineRow {
  occurred_at: Date;
  kind: TimelineKind;
  id: string;
  title: string;
  detail: string | null;
  visit_id: string | null;
}

/** The timeline's SQL: the sources UNION ALLed, ordered newest first and paged in the database. */
@Injectable()
export class TimelineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(
    sources: readonly { sql: string }[],
    patientId: string,
    kinds: TimelineKind[] | null,
    page: { offset: number; limit: number },
  ): Promise<{ rows: TimelineRow[]; total: number }> {
    // Each source is a derived table, so one with its own ORDER BY or LIMIT still composes.
    const union = sources
      .map((s, i) => `SELECT s${i}.occurred_at, s${i}.kind, s${i}.id, s${i}.title, s${i}.detail, s${i}.visit_id FROM (${s.sql}) s${i}`)
      .join('\nUNION ALL\n');
    const kindFilter = kinds ? `WHERE t.kind IN (${kinds.map(() => '?').join(', ')})` : '';
    const params = [...sources.map(() => patientId), ...(kinds ?? [])];
    // The total rides along on the page (a window count), so a page is one query.
    const rows = (await this.dataSource.query(
      `SELECT t.*, COUNT(*) OVER () AS total_count FROM (${union}) t ${kindFilter}
        ORDER BY t.occurred_at DESC, t.id DESC LIMIT ? OFFSET ?`,
      [...params, page.limit, page.offset],
    )) as (TimelineRow & { total_count: number | string })[];
    if (rows.length > 0 || page.offset === 0) return { rows, total: rows.length > 0 ? Number(rows[0].total_count) : 0 };
    // Past the end: the window count has no row to ride on.
    const counted = (await this.dataSource.query(`SELECT COUNT(*) AS n FROM (${union}) t ${kindFilter}`, params)) as { n: number | string }[];
    return { rows, total: Number(counted[0].n) };
  }
}
