import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { inTransaction } from '../../common/database/transaction';
import { Page, pageOf } from '../../common/pagination/pagination';
import type { AllergyStatus } from '../patient.entity';
import { PatientsService } from '../patients.service';
import {
  AllergyQueryDto,
  AllergyResponseDto,
  AllergyStatusResponseDto,
  RecordAllergyDto,
  toAllergyResponse,
  UpdateAllergyDto,
} from './allergy.dto';
import { checkClinicalDates, requireReasonForError, throwIfProblems } from './history-common';
import { AllergyEntity, ENTERED_IN_ERROR } from './history.entity';
import { activeAllergiesExist, allergyAlreadyRecorded, entryEnteredInError, entryNotFound, entryVersionConflict, noActiveAllergies } from './history.errors';
import { HistoryRepository } from './history.repository';

/**
 * Allergies and the patient's allergy status. The status says whether anyone has asked: unknown
 * (never assessed), no_known_allergies (asked, none), has_allergies (see the list), so an empty
 * list is never read as "no allergies". Every change locks the patient row, so the status and the
 * list cannot disagree under concurrent writes.
 */
@Injectable()
export class AllergiesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly patients: PatientsService,
    private readonly history: HistoryRepository,
  ) {}

  async record(caller: AuthUser, patientId: string, dto: RecordAllergyDto): Promise<AllergyResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const patient = await this.patients.findVisible(caller, patientId, { manager, lock: true });
      throwIfProblems(checkClinicalDates(patient.dateOfBirth, [{ field: 'onsetDate', value: dto.onsetDate }]));
      if ((await this.history.countActiveAllergies(manager, patientId, dto.substance)) > 0) throw allergyAlreadyRecorded();
      const id = randomUUID();
      await this.history.insert(manager, AllergyEntity, {
        id,
        patientId,
        substance: dto.substance,
        category: dto.category,
        drugClass: dto.drugClass ?? null,
        reaction: dto.reaction ?? null,
        severity: dto.severity,
        onsetDate: dto.onsetDate ?? null,
        recordedBy: caller.id,
      });
      await this.patients.setAllergyStatus(manager, patientId, 'has_allergies');
      return toAllergyResponse(await this.require(manager, patientId, id));
    });
  }

  async list(caller: AuthUser, patientId: string, query: AllergyQueryDto): Promise<Page<AllergyResponseDto>> {
    await this.patients.findVisible(caller, patientId);
    const [rows, total] = await this.history.list(AllergyEntity, patientId, 'recordedAt', { status: query.status, offset: query.offset, limit: query.perPage });
    return pageOf(rows.map(toAllergyResponse), total, query);
  }

  async update(caller: AuthUser, patientId: string, id: string, dto: UpdateAllergyDto): Promise<AllergyResponseDto> {
    requireReasonForError(dto.status, dto.statusReason);
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const patient = await this.patients.findVisible(caller, patientId, { manager, lock: true });
      const current = await this.require(manager, patientId, id);
      if (current.status === ENTERED_IN_ERROR) throw entryEnteredInError();
      throwIfProblems(checkClinicalDates(patient.dateOfBirth, [{ field: 'onsetDate', value: dto.onsetDate }]));
      if (dto.status === 'active' && current.status !== 'active' && (await this.history.countActiveAllergies(manager, patientId, current.substance)) > 0) {
        throw allergyAlreadyRecorded();
      }
      const { version, ...changes } = dto;
      if (!(await this.history.updateVersioned(manager, AllergyEntity, id, version, { ...changes, updatedBy: caller.id }))) throw entryVersionConflict();
      await this.syncStatus(manager, patientId);
      return toAllergyResponse(await this.require(manager, patientId, id));
    });
  }

  /**
   * Declares the allergy status. no_known_allergies (and unknown) are refused while an allergy is
   * active: the list would contradict them. has_allergies is refused without one: record it instead.
   */
  async setStatus(caller: AuthUser, patientId: string, status: AllergyStatus): Promise<AllergyStatusResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      await this.patients.findVisible(caller, patientId, { manager, lock: true });
      const active = await this.history.countActiveAllergies(manager, patientId);
      if (status === 'has_allergies' && active === 0) throw noActiveAllergies();
      if (status !== 'has_allergies' && active > 0) throw activeAllergiesExist(active);
      await this.patients.setAllergyStatus(manager, patientId, status);
      return { patientId, allergyStatus: status, activeAllergyCount: active };
    });
  }

  /**
   * After an allergy changes: has_allergies while any is active. When the last one is resolved or
   * retracted the status goes back to unknown, not to no_known_allergies: only a clinician who asks
   * the patient may declare that.
   */
  private async syncStatus(manager: EntityManager, patientId: string): Promise<void> {
    const active = await this.history.countActiveAllergies(manager, patientId);
    if (active > 0) await this.patients.setAllergyStatus(manager, patientId, 'has_allergies');
    else await this.setUnknownIfHasAllergies(manager, patientId);
  }

  private async setUnknownIfHasAllergies(manager: EntityManager, patientId: string): Promise<void> {
    const status = await this.history.allergyStatus(manager, patientId);
    if (status === 'has_allergies') await this.patients.setAllergyStatus(manager, patientId, 'unknown');
  }

  private async require(manager: EntityManager, patientId: string, id: string): Promise<AllergyEntity> {
    const row = await this.history.findForPatient(AllergyEntity, patientId, id, manager);
    if (!row) throw entryNotFound('Allergy');
    return row;
  }
}
