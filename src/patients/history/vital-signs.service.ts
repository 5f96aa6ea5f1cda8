import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { inTransaction } from '../../common/database/transaction';
import { Page, pageOf } from '../../common/pagination/pagination';
import { PatientsService } from '../patients.service';
import { throwIfProblems } from './history-common';
import { VitalSignsEntity } from './history.entity';
import { entryNotFound } from './history.errors';
import { HistoryRepository } from './history.repository';
import { toVitalSignsResponse, VitalSignsQueryDto, VitalSignsResponseDto } from './vital-signs.dto';
import { checkVitalSigns, computeBmi, VitalSignsInput } from './vital-signs.rules';

/** Vital-sign snapshots: range-checked, BMI computed, never edited (a wrong one is marked entered in error). */
@Injectable()
export class VitalSignsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly patients: PatientsService,
    private readonly history: HistoryRepository,
  ) {}

  /** Inside the caller's transaction; `fieldPrefix` names fields as the caller's body nests them (e.g. 'vitals.'). */
  async record(
    manager: EntityManager,
    caller: AuthUser,
    patientId: string,
    input: VitalSignsInput,
    visitId?: string,
    opts: { fieldPrefix?: string } = {},
  ): Promise<VitalSignsResponseDto> {
    throwIfProblems(checkVitalSigns(input, opts.fieldPrefix));
    await this.patients.findVisible(caller, patientId, { manager });
    const id = randomUUID();
    await this.history.insert(manager, VitalSignsEntity, {
      id,
      patientId,
      visitId: visitId ?? null,
      systolicMmHg: input.systolicMmHg ?? null,
      diastolicMmHg: input.diastolicMmHg ?? null,
      pulseBpm: input.pulseBpm ?? null,
      temperatureC: decimalText(input.temperatureC),
      respiratoryRate: input.respiratoryRate ?? null,
      oxygenSaturation: input.oxygenSaturation ?? null,
      glucoseMmolL: decimalText(input.glucoseMmolL),
      weightKg: decimalText(input.weightKg),
      heightCm: decimalText(input.heightCm),
      bmi: decimalText(computeBmi(input.weightKg, input.heightCm)),
      recordedBy: caller.id,
    });
    return toVitalSignsResponse(await this.require(manager, patientId, id));
  }

  recordForPatient(caller: AuthUser, patientId: string, input: VitalSignsInput): Promise<VitalSignsResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', (manager) => this.record(manager, caller, patientId, input));
  }

  async list(caller: AuthUser, patientId: string, query: VitalSignsQueryDto): Promise<Page<VitalSignsResponseDto>> {
    await this.patients.findVisible(caller, patientId);
    const [rows, total] = await this.history.list(VitalSignsEntity, patientId, 'recordedAt', {
      status: query.status,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toVitalSignsResponse), total, query);
  }

  async markEnteredInError(caller: AuthUser, patientId: string, id: string, reason: string): Promise<VitalSignsResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      await this.patients.findVisible(caller, patientId, { manager });
      return toVitalSignsResponse(await this.history.retract(manager, VitalSignsEntity, { patientId, id }, { userId: caller.id, reason }, () => entryNotFound('Vital signs')));
    });
  }

  private async require(manager: EntityManager, patientId: string, id: string): Promise<VitalSignsEntity> {
    const row = await this.history.findForPatient(VitalSignsEntity, patientId, id, manager);
    if (!row) throw entryNotFound('Vital signs');
    return row;
  }
}

/** DECIMAL columns take the exact decimal text (no binary floating point on the way in). */
function decimalText(value: number | null | undefined): string | null {
  return value === undefined || value === null ? null : String(value);
}
