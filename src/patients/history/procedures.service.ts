import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { inTransaction } from '../../common/database/transaction';
import { Page, pageOf } from '../../common/pagination/pagination';
import { PatientsService } from '../patients.service';
import { checkClinicalDates, requireReasonForError, throwIfProblems } from './history-common';
import { ENTERED_IN_ERROR, ProcedureEntity } from './history.entity';
import { entryEnteredInError, entryNotFound, entryVersionConflict } from './history.errors';
import { HistoryRepository } from './history.repository';
import { ProcedureQueryDto, ProcedureResponseDto, RecordProcedureDto, toProcedureResponse, UpdateProcedureDto } from './procedure.dto';

/** Procedures the patient has had, here or elsewhere. */
@Injectable()
export class ProceduresService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly patients: PatientsService,
    private readonly history: HistoryRepository,
  ) {}

  async record(caller: AuthUser, patientId: string, dto: RecordProcedureDto): Promise<ProcedureResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const patient = await this.patients.findVisible(caller, patientId, { manager });
      throwIfProblems(checkClinicalDates(patient.dateOfBirth, [{ field: 'performedOn', value: dto.performedOn }]));
      const id = randomUUID();
      await this.history.insert(manager, ProcedureEntity, {
        id,
        patientId,
        name: dto.name,
        code: dto.code ?? null,
        performedOn: dto.performedOn,
        performedBy: dto.performedBy ?? null,
        facility: dto.facility ?? null,
        notes: dto.notes ?? null,
        recordedBy: caller.id,
      });
      return toProcedureResponse(await this.require(manager, patientId, id));
    });
  }

  async list(caller: AuthUser, patientId: string, query: ProcedureQueryDto): Promise<Page<ProcedureResponseDto>> {
    await this.patients.findVisible(caller, patientId);
    const [rows, total] = await this.history.list(ProcedureEntity, patientId, 'performedOn', {
      status: query.status,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toProcedureResponse), total, query);
  }

  async update(caller: AuthUser, patientId: string, id: string, dto: UpdateProcedureDto): Promise<ProcedureResponseDto> {
    requireReasonForError(dto.status, dto.statusReason);
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      await this.patients.findVisible(caller, patientId, { manager });
      const current = await this.require(manager, patientId, id);
      if (current.status === ENTERED_IN_ERROR) throw entryEnteredInError();
      const { version, ...changes } = dto;
      if (!(await this.history.updateVersioned(manager, ProcedureEntity, id, version, { ...changes, updatedBy: caller.id }))) throw entryVersionConflict();
      return toProcedureResponse(await this.require(manager, patientId, id));
    });
  }

  private async require(manager: EntityManager, patientId: string, id: string): Promise<ProcedureEntity> {
    const row = await this.history.findForPatient(ProcedureEntity, patientId, id, manager);
    if (!row) throw entryNotFound('Procedure');
    return row;
  }
}
