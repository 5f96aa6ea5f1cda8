import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { inTransaction } from '../../common/database/transaction';
import { Page, pageOf } from '../../common/pagination/pagination';
import { Icd10Service } from '../../icd10';
import { PatientsService } from '../patients.service';
import { ConditionQueryDto, ConditionResponseDto, RecordConditionDto, toConditionResponse, UpdateConditionDto } from './condition.dto';
import { checkClinicalDates, requireReasonForError, throwIfProblems } from './history-common';
import { ConditionEntity, ENTERED_IN_ERROR } from './history.entity';
import { conditionAlreadyRecorded, entryEnteredInError, entryNotFound, entryVersionConflict } from './history.errors';
import { HistoryRepository } from './history.repository';

/** Chronic and past conditions, each an ICD-10 code valid for use (checked by the ICD-10 context). */
@Injectable()
export class ConditionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly patients: PatientsService,
    private readonly history: HistoryRepository,
    private readonly icd10: Icd10Service,
  ) {}

  async record(caller: AuthUser, patientId: string, dto: RecordConditionDto): Promise<ConditionResponseDto> {
    const patient = await this.patients.findVisible(caller, patientId);
    throwIfProblems(
      checkClinicalDates(
        patient.dateOfBirth,
        [
          { field: 'onsetDate', value: dto.onsetDate },
          { field: 'resolvedDate', value: dto.resolvedDate },
        ],
        [['onsetDate', 'resolvedDate']],
      ),
    );
    // Sex and age rules as for a diagnosis; age at onset when known (a past pregnancy-related condition).
    const code = await this.icd10.requireUsableCode(dto.icd10Code.toUpperCase(), 'icd10Code', {
      sex: patient.sex === 'intersex' ? 'other' : patient.sex,
      dateOfBirth: patient.dateOfBirth,
      onDate: dto.onsetDate ? new Date(`${dto.onsetDate}T12:00:00Z`) : undefined,
    });
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      // The lock serialises two clinicians recording the same condition at once.
      await this.patients.findVisible(caller, patientId, { manager, lock: true });
      const status = dto.status ?? 'active';
      if (status === 'active' && (await this.history.countActiveConditions(manager, patientId, code.code)) > 0) throw conditionAlreadyRecorded();
      const id = randomUUID();
      await this.history.insert(manager, ConditionEntity, {
        id,
        patientId,
        icd10Code: code.code,
        description: dto.description ?? code.description.slice(0, 255),
        kind: dto.kind,
        status,
        onsetDate: dto.onsetDate ?? null,
        resolvedDate: dto.resolvedDate ?? null,
        notes: dto.notes ?? null,
        recordedBy: caller.id,
      });
      return toConditionResponse(await this.require(manager, patientId, id));
    });
  }

  async list(caller: AuthUser, patientId: string, query: ConditionQueryDto): Promise<Page<ConditionResponseDto>> {
    await this.patients.findVisible(caller, patientId);
    const [rows, total] = await this.history.list(ConditionEntity, patientId, 'recordedAt', {
      status: query.status,
      where: query.kind ? { kind: query.kind } : undefined,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toConditionResponse), total, query);
  }

  async update(caller: AuthUser, patientId: string, id: string, dto: UpdateConditionDto): Promise<ConditionResponseDto> {
    requireReasonForError(dto.status, dto.statusReason);
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const patient = await this.patients.findVisible(caller, patientId, { manager, lock: true });
      const current = await this.require(manager, patientId, id);
      if (current.status === ENTERED_IN_ERROR) throw entryEnteredInError();
      throwIfProblems(
        checkClinicalDates(
          patient.dateOfBirth,
          [
            { field: 'onsetDate', value: dto.onsetDate ?? current.onsetDate },
            { field: 'resolvedDate', value: dto.resolvedDate ?? current.resolvedDate },
          ],
          [['onsetDate', 'resolvedDate']],
        ),
      );
      if (dto.status === 'active' && current.status !== 'active' && (await this.history.countActiveConditions(manager, patientId, current.icd10Code)) > 0) {
        throw conditionAlreadyRecorded();
      }
      const { version, ...changes } = dto;
      if (!(await this.history.updateVersioned(manager, ConditionEntity, id, version, { ...changes, updatedBy: caller.id }))) throw entryVersionConflict();
      return toConditionResponse(await this.require(manager, patientId, id));
    });
  }

  private async require(manager: EntityManager, patientId: string, id: string): Promise<ConditionEntity> {
    const row = await this.history.findForPatient(ConditionEntity, patientId, id, manager);
    if (!row) throw entryNotFound('Condition');
    return row;
  }
}
