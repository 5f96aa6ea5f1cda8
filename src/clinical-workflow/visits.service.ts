import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { inTransaction } from '../common/database/transaction';
import { isDuplicateKeyError } from '../common/database/mysql-errors';
import { Page, pageOf } from '../common/pagination/pagination';
import { FacilitiesService } from '../identity';
import { ClinicalNoteDto, ClinicalNoteResponseDto, PatientHistoryService, PatientsService, VitalSignsDto, VitalSignsResponseDto } from '../patients';
import { PrescriptionsService } from '../pharmacy';
import { LabOrdersService } from './lab-orders.service';
import { ReferralsService } from './referrals.service';
import { patientInactive, visitAlreadyOpen } from './visit.errors';
import { QueueEntryDto, RegisterVisitDto, toQueueEntry, toVisitResponse, toVisitSummary, VisitQueryDto, VisitQueueQueryDto, VisitResponseDto, VisitSummaryDto } from './visit.dto';
import type { VisitEntity } from './visit.entity';
import { VisitRepository } from './visit.repository';
import { VisitAccess } from './visit-access.service';
import { FIRST_QUEUE } from './visit-workflow';

/** Registering visits, reading them, the clinic queue, and what is added to an open visit (vitals, notes). */
@Injectable()
export class VisitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly visits: VisitRepository,
    private readonly access: VisitAccess,
    private readonly patients: PatientsService,
    private readonly history: PatientHistoryService,
    private readonly facilities: FacilitiesService,
    private readonly labOrders: LabOrdersService,
    private readonly referrals: ReferralsService,
    private readonly prescriptions: PrescriptionsService,
  ) {}

  /**
   * The Registration stage: the visit is created with Registration completed and joins the
   * Assessment queue. Resolving the patient, noting the clinic among the patient's facilities
   * (which is what makes them visible there) and the inserts are one transaction.
   */
  async register(caller: AuthUser, dto: RegisterVisitDto): Promise<VisitResponseDto> {
    // A clinic outside the caller's jurisdiction answers exactly like one that does not exist.
    const clinic = await this.facilities.getClinic(caller, dto.clinicId);
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const patient = await this.patients.resolveForVisit(caller, dto.patientId, dto.identityNumber, manager);
      if (!patient.isActive) throw patientInactive();
      await this.patients.recordFacility(manager, patient.id, { id: clinic.id, districtId: clinic.districtId, provinceId: clinic.provinceId });
      const id = randomUUID();
      const at = await this.visits.now(manager);
      try {
        await this.visits.insertVisit(manager, {
          id,
          patientId: patient.id,
          clinicId: clinic.id,
          districtId: clinic.districtId,
          provinceId: clinic.provinceId,
          openClinicId: clinic.id,
          stage: FIRST_QUEUE,
          status: 'in_progress',
          chiefComplaint: dto.chiefComplaint ?? null,
          createdBy: caller.id,
        }, at);
      } catch (error) {
        if (isDuplicateKeyError(error)) throw visitAlreadyOpen();
        throw error;
      }
      await this.visits.insertStageRecord(manager, at, { visitId: id, stage: 'registration', enteredAt: at, completedBy: caller.id });
      return this.detail(manager, await this.access.findVisible(caller, id, manager));
    });
  }

  async get(caller: AuthUser, id: string): Promise<VisitResponseDto> {
    return this.detail(undefined, await this.access.findVisible(caller, id));
  }

  async list(caller: AuthUser, query: VisitQueryDto): Promise<Page<VisitSummaryDto>> {
    const [rows, total] = await this.visits.list(this.access.visibleCondition(caller, 'v.patient_id'), {
      patientId: query.patientId,
      clinicId: query.clinicId,
      status: query.status,
      stage: query.stage,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(rows.map(toVisitSummary), total, query);
  }

  /**
   * Who is waiting in one stage at one clinic. The clinic must lie in the caller's jurisdiction
   * (404 otherwise); every visit there then belongs to a patient the caller can see, because the
   * visit itself put the clinic among the patient's facilities.
   */
  async queue(caller: AuthUser, query: VisitQueueQueryDto): Promise<Page<QueueEntryDto>> {
    await this.facilities.getClinic(caller, query.clinicId);
    const [rows, total] = await this.visits.queue(query.clinicId, query.stage, query.offset, query.perPage);
    return pageOf(rows.map(toQueueEntry), total, query);
  }

  /** Vital signs taken during the visit outside Assessment (e.g. re-checked before discharge). */
  recordVitalSigns(caller: AuthUser, visitId: string, dto: VitalSignsDto): Promise<VitalSignsResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const visit = await this.access.requireOpen(manager, caller, visitId);
      return this.history.recordVitals(manager, caller, visit.patientId, dto, visit.id);
    });
  }

  addClinicalNote(caller: AuthUser, visitId: string, dto: ClinicalNoteDto): Promise<ClinicalNoteResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const visit = await this.access.requireOpen(manager, caller, visitId);
      return this.history.recordNote(manager, caller, visit.patientId, dto, visit.id);
    });
  }

  /** The full response of one visit (read inside the writer's transaction when there is one). */
  async detail(manager: EntityManager | undefined, visit: VisitEntity): Promise<VisitResponseDto> {
    const { clinicName, waitingSeconds } = await this.visits.clinicAndWait(visit.id, manager);
    const stageRecords = await this.visits.stageRecords(visit.id, manager);
    const diagnoses = await this.visits.diagnoses(visit.id, manager);
    const prescription = await this.prescriptions.itemsForVisit(visit.id, manager);
    const labOrders = await this.labOrders.forVisit(visit.id, manager);
    const referrals = await this.referrals.forVisit(visit.id, manager);
    const staffNames = await this.visits.staffNames(
      [...stageRecords.map((r) => r.completedBy), visit.counselingDecidedBy, visit.cancelledBy].filter((id): id is string => id !== null),
      manager,
    );
    return toVisitResponse({ visit, clinicName, waitingSeconds, stageRecords, staffNames, diagnoses, prescription, labOrders, referrals });
  }
}
