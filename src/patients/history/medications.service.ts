import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { inTransaction } from '../../common/database/transaction';
import { FieldError } from '../../common/errors/domain-errors';
import { Page, pageOf } from '../../common/pagination/pagination';
import { PatientsService } from '../patients.service';
import { checkClinicalDates, requireReasonForError, throwIfProblems } from './history-common';
import { isCalendarDate } from '../../common/http/transforms';
import { ENTERED_IN_ERROR, MEDICATION_ROUTES, MedicationEntity, MedicationStatus } from './history.entity';
import { entryEnteredInError, entryNotFound, entryVersionConflict } from './history.errors';
import { HistoryRepository } from './history.repository';
import { MedicationInput, MedicationQueryDto, MedicationResponseDto, toMedicationResponse, UpdateMedicationDto } from './medication.dto';

/** The patient's medication list: current and past, from the history or from a visit's prescription. */
@Injectable()
export class MedicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly patients: PatientsService,
    private readonly history: HistoryRepository,
  ) {}

  /** Adds items in the caller's transaction (all or none); returns their ids in order. */
  async record(
    manager: EntityManager,
    caller: AuthUser,
    patientId: string,
    items: (MedicationInput & { status?: MedicationStatus })[],
    visitId?: string,
    opts: { fieldPrefix?: string } = {},
  ): Promise<string[]> {
    if (items.length === 0) return [];
    const patient = await this.patients.findVisible(caller, patientId, { manager });
    const prefix = opts.fieldPrefix ?? '';
    const problems: FieldError[] = items.flatMap((item, i) => checkItem(item, patient.dateOfBirth, items.length > 1 || prefix ? `${prefix}${i}.` : ''));
    throwIfProblems(problems);
    const rows = items.map((item) => ({
      id: randomUUID(),
      patientId,
      name: item.name.trim(),
      strength: item.strength ?? null,
      dose: item.dose ?? null,
      frequency: item.frequency ?? null,
      route: item.route ?? null,
      startDate: item.startDate ?? null,
      endDate: item.endDate ?? null,
      status: item.status ?? ('current' as const),
      sourceVisitId: visitId ?? null,
      prescriber: item.prescriber ?? null,
      notes: item.notes ?? null,
      recordedBy: caller.id,
    }));
    await this.history.insert(manager, MedicationEntity, rows);
    return rows.map((r) => r.id);
  }

  recordForPatient(caller: AuthUser, patientId: string, item: MedicationInput & { status?: MedicationStatus }): Promise<MedicationResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const [id] = await this.record(manager, caller, patientId, [item]);
      return toMedicationResponse(await this.require(manager, patientId, id));
    });
  }

  async list(caller: AuthUser, patientId: string, query: MedicationQueryDto): Promise<Page<MedicationResponseDto>> {
    await this.patients.findVisible(caller, patientId);
    const [rows, total] = await this.history.list(MedicationEntity, patientId, 'recordedAt', {
      status: query.status,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toMedicationResponse), total, query);
  }

  async update(caller: AuthUser, patientId: string, id: string, dto: UpdateMedicationDto): Promise<MedicationResponseDto> {
    requireReasonForError(dto.status, dto.statusReason);
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const patient = await this.patients.findVisible(caller, patientId, { manager });
      const current = await this.require(manager, patientId, id);
      if (current.status === ENTERED_IN_ERROR) throw entryEnteredInError();
      throwIfProblems(
        checkClinicalDates(patient.dateOfBirth, [{ field: 'startDate', value: current.startDate }, { field: 'endDate', value: dto.endDate, future: true }], [
          ['startDate', 'endDate'],
        ]),
      );
      const { version, ...changes } = dto;
      const updated = await this.history.updateVersioned(manager, MedicationEntity, id, version, { ...changes, updatedBy: caller.id });
      if (!updated) throw entryVersionConflict();
      return toMedicationResponse(await this.require(manager, patientId, id));
    });
  }

  private async require(manager: EntityManager, patientId: string, id: string): Promise<MedicationEntity> {
    const row = await this.history.findForPatient(MedicationEntity, patientId, id, manager);
    if (!row) throw entryNotFound('Medication');
    return row;
  }
}

/** The rules a DTO cannot see (dates against birth and each other); also re-checks what a non-HTTP caller might pass. */
function checkItem(item: MedicationInput, dateOfBirth: string, prefix: string): FieldError[] {
  const problems: FieldError[] = [];
  if (typeof item.name !== 'string' || item.name.trim().length === 0 || item.name.length > 200) {
    problems.push({ field: `${prefix}name`, message: 'name must be 1 to 200 characters' });
  }
  if (item.route && !MEDICATION_ROUTES.includes(item.route)) problems.push({ field: `${prefix}route`, message: 'route is not a known route' });
  for (const field of ['startDate', 'endDate'] as const) {
    if (item[field] && !isCalendarDate(item[field])) problems.push({ field: `${prefix}${field}`, message: `${field} must be a date written YYYY-MM-DD` });
  }
  if (problems.length > 0) return problems;
  return checkClinicalDates(
    dateOfBirth,
    [
      { field: `${prefix}startDate`, value: item.startDate },
      // A course's planned end may lie ahead.
      { field: `${prefix}endDate`, value: item.endDate, future: true },
    ],
    [[`${prefix}startDate`, `${prefix}endDate`]],
  );
}
