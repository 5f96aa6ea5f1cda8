import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { Permission } from '../common/auth/permissions';
import { clinicToday } from '../common/time/clinic-date';
import { inTransaction } from '../common/database/transaction';
import { DomainError, ValidationFailedError } from '../common/errors/domain-errors';
import { Icd10Service, type ResolvedDiagnosis } from '../icd10';
import { PatientHistoryService, PatientsService } from '../patients';
import { PrescriptionsService } from '../pharmacy';
import { LabOrdersService } from './lab-orders.service';
import { ReferralsService } from './referrals.service';
import { visitStageOrder, visitVersionConflict } from './visit.errors';
import { AssessmentDto, CancelVisitDto, ClosureDto, ConsultationDto, CounselingDto, SkipCounselingDto, VisitResponseDto } from './visit.dto';
import type { VisitEntity } from './visit.entity';
import { VisitRepository } from './visit.repository';
import { closureProblems, transition, triageRank, VisitAction } from './visit-workflow';
import { VisitAccess } from './visit-access.service';
import { VisitsService } from './visits.service';
import { requirePermission, withFieldPrefix } from './workflow-common';

type VisitChanges = Parameters<VisitRepository['advance']>[3];

/** What one stage action does besides moving the visit on. */
interface StagePlan {
  /** Checks that read the database (ICD-10 rules) before the visit is claimed. */
  validate?: (manager: EntityManager, visit: VisitEntity) => Promise<void>;
  changes: VisitChanges;
  /** Why the stage being completed was skipped (a counseling skip). */
  skipReason?: string;
  /** The clinical rows the stage writes, after the visit is claimed (`at`: the transaction's instant). */
  write?: (manager: EntityManager, visit: VisitEntity, at: Date) => Promise<void>;
}

/**
 * The stage actions. Each is one transaction: the visit is claimed with a conditional UPDATE on
 * the version and stage the caller read (of two racing writers exactly one gets the row), then the
 * stage record and the clinical rows are written; any failure rolls all of it back.
 */
@Injectable()
export class VisitStagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly visits: VisitRepository,
    private readonly visitsService: VisitsService,
    private readonly access: VisitAccess,
    private readonly patients: PatientsService,
    private readonly history: PatientHistoryService,
    private readonly icd10: Icd10Service,
    private readonly labOrders: LabOrdersService,
    private readonly referrals: ReferralsService,
    private readonly prescriptions: PrescriptionsService,
  ) {}

  assess(caller: AuthUser, id: string, dto: AssessmentDto): Promise<VisitResponseDto> {
    return this.advance(caller, id, 'assessment', dto.version, {
      changes: { triagePriority: dto.triagePriority, triageRank: triageRank(dto.triagePriority) },
      write: async (manager, visit) => {
        await this.history.recordVitals(manager, caller, visit.patientId, dto.vitalSigns, visit.id, { fieldPrefix: 'vitalSigns.' });
        if (dto.nursingNote) {
          await withFieldPrefix('', () => this.history.recordNote(manager, caller, visit.patientId, { kind: 'nursing', body: dto.nursingNote }, visit.id), () => 'nursingNote');
        }
      },
    });
  }

  consult(caller: AuthUser, id: string, dto: ConsultationDto): Promise<VisitResponseDto> {
    if (dto.labOrders?.length) requirePermission(caller, Permission.LabOrdersWrite, 'Ordering lab tests');
    if (dto.referrals?.length) requirePermission(caller, Permission.ReferralsWrite, 'Referring');
    if (dto.prescriptionItems?.length) requirePermission(caller, Permission.PrescriptionsWrite, 'Prescribing');
    const { subjective, objective, assessment, plan } = dto.soapNote;
    if (!subjective && !objective && !assessment && !plan) {
      throw new ValidationFailedError([{ field: 'soapNote', message: 'soapNote needs at least one of subjective, objective, assessment, plan' }]);
    }
    let diagnoses: ResolvedDiagnosis[] = [];
    return this.advance(caller, id, 'consultation', dto.version, {
      counselingRequired: dto.counselingRequired,
      validate: async (manager, visit) => {
        const patient = await this.patients.findVisible(caller, visit.patientId, { manager });
        // The ICD-10 tables know male, female, other and unknown.
        const sex = patient.sex === 'intersex' ? 'other' : patient.sex;
        diagnoses = await withFieldPrefix('', () => this.icd10.validateDiagnoses({ sex, dateOfBirth: patient.dateOfBirth }, dto.diagnoses), bracketsToDots);
      },
      changes: {
        counselingDecision: dto.counselingRequired ? 'required' : 'skipped',
        counselingDecisionReason: dto.counselingRequired ? null : (dto.counselingSkipReason ?? null),
        counselingDecidedBy: caller.id,
        counselingDecided: true,
      },
      write: async (manager, visit, at) => {
        await withFieldPrefix('soapNote.', () => this.history.recordNote(manager, caller, visit.patientId, { kind: 'soap', ...dto.soapNote }, visit.id));
        if (!dto.counselingRequired) {
          await this.visits.insertStageRecord(manager, at, {
            visitId: visit.id,
            stage: 'counseling',
            enteredAt: at,
            completedBy: caller.id,
            skipReason: dto.counselingSkipReason,
          });
        }
        await this.visits.insertDiagnoses(
          manager,
          diagnoses.map((d) => ({ id: randomUUID(), visitId: visit.id, patientId: visit.patientId, icd10Code: d.code, description: d.description, isPrimary: d.primary, recordedBy: caller.id })),
        );
        await this.labOrders.create(manager, caller, visit, dto.labOrders ?? []);
        await this.referrals.create(manager, caller, visit, dto.referrals ?? []);
        // Pharmacy writes the prescription (safety checks, current medications) in this transaction.
        await this.prescriptions.prescribeForVisit(manager, caller, {
          visitId: visit.id,
          patientId: visit.patientId,
          clinicId: visit.clinicId,
          items: dto.prescriptionItems ?? [],
          fieldPrefix: 'prescriptionItems.',
        });
      },
    });
  }

  counsel(caller: AuthUser, id: string, dto: CounselingDto): Promise<VisitResponseDto> {
    if (dto.psychosocialReferral) requirePermission(caller, Permission.ReferralsWrite, 'Referring');
    return this.advance(caller, id, 'counseling', dto.version, {
      changes: {},
      write: async (manager, visit) => {
        await withFieldPrefix('', () => this.history.recordNote(manager, caller, visit.patientId, { kind: 'counseling', body: dto.notes }, visit.id), () => 'notes');
        if (dto.psychosocialReferral) await this.referrals.create(manager, caller, visit, [{ ...dto.psychosocialReferral, type: 'psychosocial' }]);
      },
    });
  }

  /** Counseling is skipped only by a recorded decision: who, when and why. */
  skipCounseling(caller: AuthUser, id: string, dto: SkipCounselingDto): Promise<VisitResponseDto> {
    return this.advance(caller, id, 'skip_counseling', dto.version, {
      changes: { counselingDecision: 'skipped', counselingDecisionReason: dto.reason, counselingDecidedBy: caller.id, counselingDecided: true },
      skipReason: dto.reason,
    });
  }

  close(caller: AuthUser, id: string, dto: ClosureDto): Promise<VisitResponseDto> {
    const problems = closureProblems(dto);
    if (dto.followUpDate && dto.followUpDate < clinicToday()) {
      problems.push({ field: 'followUpDate', message: 'followUpDate must be today or later' });
    }
    if (problems.length > 0) throw new ValidationFailedError(problems);
    return this.advance(caller, id, 'closure', dto.version, {
      changes: {
        status: 'completed',
        outcome: dto.outcome,
        disposition: dto.disposition,
        followUpDate: dto.followUpDate ?? null,
        closureNotes: dto.notes ?? null,
        ends: 'closed',
      },
    });
  }

  cancel(caller: AuthUser, id: string, dto: CancelVisitDto): Promise<VisitResponseDto> {
    return this.advance(caller, id, 'cancel', dto.version, {
      changes: { status: 'cancelled', cancellationReason: dto.reason, cancelledBy: caller.id, ends: 'cancelled' },
    });
  }

  private advance(
    caller: AuthUser,
    id: string,
    action: VisitAction,
    clientVersion: number | undefined,
    plan: StagePlan & { counselingRequired?: boolean },
  ): Promise<VisitResponseDto> {
    return tagged(
      id,
      inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
        const visit = await this.access.findVisible(caller, id, manager);
        const step = transition(visit, action, { counselingRequired: plan.counselingRequired });
        if (!step.ok) throw visitStageOrder(step.message);
        if (clientVersion !== undefined && clientVersion !== visit.version) throw visitVersionConflict();
        await plan.validate?.(manager, visit);
        await this.visits.lockForStageChange(manager, id);
        const at = await this.visits.now(manager);
        const moved = await this.visits.advance(
          manager,
          at,
          { id, version: visit.version, stage: visit.stage },
          { ...plan.changes, ...(step.next.stage !== visit.stage ? { newStage: step.next.stage } : {}) },
        );
        if (!moved) {
          // Someone else moved the visit first: say what it is waiting for now, or that it changed.
          const now = await this.visits.findById(id, manager);
          const again = now ? transition(now, action, { counselingRequired: plan.counselingRequired }) : null;
          throw again && !again.ok ? visitStageOrder(again.message) : visitVersionConflict();
        }
        if (step.completes) {
          await this.visits.insertStageRecord(manager, at, {
            visitId: id,
            stage: step.completes,
            enteredAt: visit.stageEnteredAt,
            completedBy: caller.id,
            skipReason: plan.skipReason,
          });
        }
        await plan.write?.(manager, visit, at);
        return this.visitsService.detail(manager, await this.access.findVisible(caller, id, manager));
      }),
    );
  }
}

/** Names the visit on the audit row of a failed stage action. */
async function tagged<T>(id: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof DomainError && error.auditResourceId === undefined) error.auditResourceId = id;
    throw error;
  }
}

/** `diagnoses[1].code` (the ICD-10 service's naming) as the validation pipe names fields: `diagnoses.1.code`. */
function bracketsToDots(field: string): string {
  return field.replace(/\[(\d+)\]/g, '.$1');
}
