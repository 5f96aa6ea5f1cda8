import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { inTransaction } from '../../common/database/transaction';
import { Page, pageOf } from '../../common/pagination/pagination';
import { PatientsService } from '../patients.service';
import { checkClinicalDates, requireReasonForError, throwIfProblems } from './history-common';
import { ENTERED_IN_ERROR, ImmunizationEntity } from './history.entity';
import { entryEnteredInError, entryNotFound, entryVersionConflict } from './history.errors';
import { HistoryRepository } from './history.repository';
import { ImmunizationQueryDto, ImmunizationResponseDto, RecordImmunizationDto, toImmunizationResponse, UpdateImmunizationDto } from './immunization.dto';

/** Immunizations given here or elsewhere (from the patient's Road-to-Health card, for instance). */
@Injectable()
export class ImmunizationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly patients: PatientsService,
    private readonly history: HistoryRepository,
  ) {}

  async record(caller: AuthUser, patientId: string, dto: RecordImmunizationDto): Promise<ImmunizationResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const patient = await this.patients.findVisible(caller, patientId, { manager });
      throwIfProblems(datesProblems(patient.dateOfBirth, dto.dateGiven, dto.nextDueDate));
      const id = randomUUID();
      await this.history.insert(manager, ImmunizationEntity, {
        id,
        patientId,
        vaccine: dto.vaccine,
        doseNumber: dto.doseNumber ?? null,
        dateGiven: dto.dateGiven,
        lotNumber: dto.lotNumber ?? null,
        site: dto.site ?? null,
        givenBy: dto.givenBy ?? null,
        nextDueDate: dto.nextDueDate ?? null,
        recordedBy: caller.id,
      });
      return toImmunizationResponse(await this.require(manager, patientId, id));
    });
  }

  async list(caller: AuthUser, patientId: string, query: ImmunizationQueryDto): Promise<Page<ImmunizationResponseDto>> {
    await this.patients.findVisible(caller, patientId);
    const [rows, total] = await this.history.list(ImmunizationEntity, patientId, 'dateGiven', {
      status: query.status,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toImmunizationResponse), total, query);
  }

  async update(caller: AuthUser, patientId: string, id: string, dto: UpdateImmunizationDto): Promise<ImmunizationResponseDto> {
    requireReasonForError(dto.status, dto.statusReason);
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const patient = await this.patients.findVisible(caller, patientId, { manager });
      const current = await this.require(manager, patientId, id);
      if (current.status === ENTERED_IN_ERROR) throw entryEnteredInError();
      throwIfProblems(datesProblems(patient.dateOfBirth, current.dateGiven, dto.nextDueDate));
      const { version, ...changes } = dto;
      if (!(await this.history.updateVersioned(manager, ImmunizationEntity, id, version, { ...changes, updatedBy: caller.id }))) throw entryVersionConflict();
      return toImmunizationResponse(await this.require(manager, patientId, id));
    });
  }

  private async require(manager: EntityManager, patientId: string, id: string): Promise<ImmunizationEntity> {
    const row = await this.history.findForPatient(ImmunizationEntity, patientId, id, manager);
    if (!row) throw entryNotFound('Immunization');
    return row;
  }
}

function datesProblems(dateOfBirth: string, dateGiven: string, nextDueDate: string | undefined) {
  return checkClinicalDates(
    dateOfBirth,
    [
      { field: 'dateGiven', value: dateGiven },
      // The next dose is due in the future, by definition.
      { field: 'nextDueDate', value: nextDueDate, future: true },
    ],
    [['dateGiven', 'nextDueDate']],
  );
}
