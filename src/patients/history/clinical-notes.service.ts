import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { inTransaction } from '../../common/database/transaction';
import { Page, pageOf } from '../../common/pagination/pagination';
import { PatientsService } from '../patients.service';
import { throwIfProblems } from './history-common';
import { ClinicalNoteInput, ClinicalNoteQueryDto, ClinicalNoteResponseDto, NOTE_SECTION_MAX, NOTE_SECTIONS, toClinicalNoteResponse } from './clinical-note.dto';
import { CLINICAL_NOTE_KINDS, ClinicalNoteEntity } from './history.entity';
import { entryNotFound } from './history.errors';
import { HistoryRepository } from './history.repository';

/** Clinical notes: SOAP or free text, optionally tied to a visit; never edited once written. */
@Injectable()
export class ClinicalNotesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly patients: PatientsService,
    private readonly history: HistoryRepository,
  ) {}

  async record(
    manager: EntityManager,
    caller: AuthUser,
    patientId: string,
    input: ClinicalNoteInput,
    visitId?: string,
    opts: { fieldPrefix?: string } = {},
  ): Promise<ClinicalNoteResponseDto> {
    const prefix = opts.fieldPrefix ?? '';
    const sections = Object.fromEntries(NOTE_SECTIONS.map((s) => [s, clean(input[s])])) as Record<(typeof NOTE_SECTIONS)[number], string | null>;
    throwIfProblems([
      ...(CLINICAL_NOTE_KINDS.includes(input.kind) ? [] : [{ field: `${prefix}kind`, message: `kind must be one of: ${CLINICAL_NOTE_KINDS.join(', ')}` }]),
      ...NOTE_SECTIONS.filter((s) => (sections[s]?.length ?? 0) > NOTE_SECTION_MAX).map((s) => ({
        field: `${prefix}${s}`,
        message: `${s} must be at most ${NOTE_SECTION_MAX} characters`,
      })),
      ...(NOTE_SECTIONS.some((s) => sections[s])
        ? []
        : [{ field: `${prefix}body`, message: 'A note needs text: body, or at least one of subjective, objective, assessment, plan' }]),
    ]);
    await this.patients.findVisible(caller, patientId, { manager });
    const id = randomUUID();
    await this.history.insert(manager, ClinicalNoteEntity, { id, patientId, visitId: visitId ?? null, kind: input.kind, ...sections, authorId: caller.id });
    return toClinicalNoteResponse(await this.require(manager, patientId, id));
  }

  recordForPatient(caller: AuthUser, patientId: string, input: ClinicalNoteInput): Promise<ClinicalNoteResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', (manager) => this.record(manager, caller, patientId, input));
  }

  async list(caller: AuthUser, patientId: string, query: ClinicalNoteQueryDto): Promise<Page<ClinicalNoteResponseDto>> {
    await this.patients.findVisible(caller, patientId);
    const [rows, total] = await this.history.list(ClinicalNoteEntity, patientId, 'createdAt', {
      status: query.status,
      where: query.kind ? { kind: query.kind } : undefined,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toClinicalNoteResponse), total, query);
  }

  async markEnteredInError(caller: AuthUser, patientId: string, id: string, reason: string): Promise<ClinicalNoteResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      await this.patients.findVisible(caller, patientId, { manager });
      return toClinicalNoteResponse(await this.history.retract(manager, ClinicalNoteEntity, { patientId, id }, { userId: caller.id, reason }, () => entryNotFound('Clinical note')));
    });
  }

  private async require(manager: EntityManager, patientId: string, id: string): Promise<ClinicalNoteEntity> {
    const row = await this.history.findForPatient(ClinicalNoteEntity, patientId, id, manager);
    if (!row) throw entryNotFound('Clinical note');
    return row;
  }
}

function clean(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text ? text : null;
}
