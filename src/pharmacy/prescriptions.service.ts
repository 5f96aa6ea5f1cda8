import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { inTransaction } from '../common/database/transaction';
import { type FieldError, ValidationFailedError } from '../common/errors/domain-errors';
import { Page, pageOf } from '../common/pagination/pagination';
import { clinicToday } from '../common/time/clinic-date';
import { FacilitiesService } from '../identity';
import { PatientHistoryService, PatientsService } from '../patients';
import {
  CancelPrescriptionDto,
  CreatePrescriptionDto,
  type ItemDrugInfo,
  PrescriptionItemDto,
  PrescriptionItemResponseDto,
  PrescriptionQueryDto,
  PrescriptionResponseDto,
  toPrescriptionItemResponse,
  toPrescriptionResponse,
} from './prescription.dto';
import type { PrescriptionEntity, PrescriptionItemEntity } from './prescription.entity';
import { patientInactive, prescriptionCancelled, prescriptionDispensed, prescriptionNotFound, withResource } from './prescription.errors';
import { PrescriptionRepository } from './prescription.repository';
import { courseEndDate } from './prescription-safety';
import { SafetyChecks, safetyRefusal } from './safety-checks.service';

/** What prescribeForVisit takes from the Consultation. */
export interface VisitPrescriptionInput {
  visitId: string;
  patientId: string;
  clinicId: string;
  items: PrescriptionItemDto[];
  /** How the Consultation's body names the items, e.g. 'prescriptionItems.' (errors name 'prescriptionItems.0.drugId'). */
  fieldPrefix: string;
}

/**
 * Prescribing: a prescription is written against the drug catalogue after the safety checks
 * (allergies, duplicate active therapy) and joins the patient's current medications, all in one
 * transaction. A prescription is visible exactly when its patient is.
 */
@Injectable()
export class PrescriptionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly prescriptions: PrescriptionRepository,
    private readonly patients: PatientsService,
    private readonly history: PatientHistoryService,
    private readonly facilities: FacilitiesService,
    private readonly safety: SafetyChecks,
  ) {}

  async create(caller: AuthUser, dto: CreatePrescriptionDto): Promise<PrescriptionResponseDto> {
    // A clinic outside the caller's jurisdiction answers exactly like one that does not exist.
    const clinic = await this.facilities.getClinic(caller, dto.clinicId);
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const id = await this.prescribe(manager, caller, {
        patientId: dto.patientId,
        clinic,
        visitId: null,
        items: dto.items,
        notes: dto.notes ?? null,
        fieldPrefix: 'items.',
      });
      return this.read(manager, caller, id);
    });
  }

  /**
   * The Consultation's prescription, inside its transaction (the visit is already claimed). Returns
   * the prescription's id, or null when there are no items.
   */
  async prescribeForVisit(manager: EntityManager, caller: AuthUser, input: VisitPrescriptionInput): Promise<string | null> {
    if (input.items.length === 0) return null;
    // The visit's clinic: its registration already made it one of the patient's facilities.
    return this.prescribe(manager, caller, {
      patientId: input.patientId,
      clinic: { id: input.clinicId },
      visitId: input.visitId,
      items: input.items,
      notes: null,
      fieldPrefix: input.fieldPrefix,
    });
  }

  /** The items of a visit's prescription, for the visit's response (read inside the writer's transaction when there is one). */
  async itemsForVisit(visitId: string, manager?: EntityManager): Promise<{ prescriptionId: string | null; items: PrescriptionItemResponseDto[] }> {
    const prescription = await this.prescriptions.forVisit(visitId, manager);
    if (!prescription) return { prescriptionId: null, items: [] };
    const items = await this.prescriptions.items([prescription.id], manager);
    const drugs = await this.drugInfo(items, manager);
    return { prescriptionId: prescription.id, items: items.map((i) => toPrescriptionItemResponse(i, i.drugId ? drugs.get(i.drugId) : undefined)) };
  }

  get(caller: AuthUser, id: string): Promise<PrescriptionResponseDto> {
    return this.read(undefined, caller, id);
  }

  async list(caller: AuthUser, query: PrescriptionQueryDto): Promise<Page<PrescriptionResponseDto>> {
    if (query.clinicId) await this.facilities.getClinic(caller, query.clinicId);
    const [rows, total] = await this.prescriptions.list(this.patients.visibleCondition(caller, 'p.patient_id'), {
      patientId: query.patientId,
      clinicId: query.clinicId,
      status: query.status,
      offset: query.offset,
      limit: query.perPage,
    });
    return pageOf(await this.details(undefined, rows), total, query);
  }

  /** Cancels what remains to be dispensed; a fully dispensed or already cancelled prescription is a 409. */
  cancel(caller: AuthUser, id: string, dto: CancelPrescriptionDto): Promise<PrescriptionResponseDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      await this.requireVisible(manager, caller, id);
      await this.prescriptions.lock(manager, id);
      const current = await this.requireVisible(manager, caller, id);
      if (current.status === 'cancelled') throw withResource(prescriptionCancelled(), id);
      if (current.status === 'dispensed') throw withResource(prescriptionDispensed('there is nothing left to cancel'), id);
      await this.prescriptions.cancel(manager, id, dto.reason, caller.id);
      const items = await this.prescriptions.items([id], manager);
      const medicationIds = items.map((item) => item.patientMedicationId).filter((m): m is string => m !== null);
      await this.history.stopMedications(manager, caller.id, medicationIds, clinicToday());
      return this.read(manager, caller, id);
    });
  }

  /** False when the patient has been marked deceased or merged (since prescribing, for a dispensing). */
  async isPatientActive(manager: EntityManager, caller: AuthUser, patientId: string): Promise<boolean> {
    return (await this.patients.findVisible(caller, patientId, { manager })).isActive;
  }

  /** The prescription if its patient is visible to the caller, else 404. */
  async requireVisible(manager: EntityManager | undefined, caller: AuthUser, id: string): Promise<PrescriptionEntity> {
    const prescription = await this.prescriptions.findVisible(this.patients.visibleCondition(caller, 'p.patient_id'), id, manager);
    if (!prescription) throw prescriptionNotFound();
    return prescription;
  }

  async read(manager: EntityManager | undefined, caller: AuthUser, id: string): Promise<PrescriptionResponseDto> {
    const [detail] = await this.details(manager, [await this.requireVisible(manager, caller, id)]);
    return detail;
  }

  async details(manager: EntityManager | undefined, rows: PrescriptionEntity[]): Promise<PrescriptionResponseDto[]> {
    if (rows.length === 0) return [];
    const items = await this.prescriptions.items(
      rows.map((r) => r.id),
      manager,
    );
    const drugs = await this.drugInfo(items, manager);
    const clinics = await this.prescriptions.clinicNames(
      rows.map((r) => r.clinicId),
      manager,
    );
    const staffNames = await this.prescriptions.staffNames(
      rows.map((r) => r.prescribedBy),
      manager,
    );
    return rows.map((prescription) =>
      toPrescriptionResponse({
        prescription,
        items: items.filter((i) => i.prescriptionId === prescription.id),
        drugs,
        clinicName: clinics.get(prescription.clinicId) ?? null,
        staffNames,
      }),
    );
  }

  private async drugInfo(items: PrescriptionItemEntity[], manager?: EntityManager): Promise<Map<string, ItemDrugInfo>> {
    const rows = await this.prescriptions.drugs(
      items.map((i) => i.drugId).filter((d): d is string => d !== null),
      manager,
    );
    return new Map([...rows].map(([id, d]) => [id, { code: d.code, schedule: d.schedule, dispensingUnit: d.dispensing_unit }]));
  }

  /**
   * Checks and writes one prescription in the caller's transaction. The patient's row is locked
   * so two prescriptions for the same patient are checked for duplicate therapy one after the other.
   */
  private async prescribe(
    manager: EntityManager,
    caller: AuthUser,
    input: {
      patientId: string;
      /** With district and province (a direct prescription) the clinic becomes one of the patient's facilities. */
      clinic: { id: string; districtId?: string; provinceId?: string };
      visitId: string | null;
      items: PrescriptionItemDto[];
      notes: string | null;
      fieldPrefix: string;
    },
  ): Promise<string> {
    const patient = await this.patients.findVisible(caller, input.patientId, { manager, lock: true });
    if (!patient.isActive) throw patientInactive();
    const field = (i: number, name?: string) => `${input.fieldPrefix}${i}${name ? `.${name}` : ''}`;
    const drugs = await this.prescriptions.drugs(
      input.items.map((i) => i.drugId),
      manager,
    );
    const problems: FieldError[] = [];
    input.items.forEach((item, i) => {
      const drug = drugs.get(item.drugId);
      if (!drug || !drug.is_active) problems.push({ field: field(i, 'drugId'), message: 'drugId is not an active drug of the catalogue' });
    });
    if (problems.length > 0) throw new ValidationFailedError(problems);

    const today = clinicToday();
    const id = randomUUID();
    const rows = input.items.map((item, position) => {
      const drug = drugs.get(item.drugId)!;
      return { item, drug, position, id: randomUUID(), courseEnd: courseEndDate(today, item.durationDays) };
    });
    const findings = await this.safety.check(
      manager,
      patient.id,
      today,
      rows.map((r) => ({ field: field(r.position), prescriptionItemId: r.id, drug: r.drug })),
    );
    const refusal = safetyRefusal(
      rows.map((r, i) => ({ field: field(r.position), findings: findings[i], overridden: !!r.item.overrideReason })),
      'Prescribing',
    );
    if (refusal) throw refusal;

    // Being prescribed for here makes the clinic one of the patient's facilities, as a visit does.
    const { districtId, provinceId } = input.clinic;
    if (districtId && provinceId) await this.patients.recordFacility(manager, patient.id, { id: input.clinic.id, districtId, provinceId });
    // The items join the patient's current medications; each remembers its entry, which a cancellation stops.
    const medicationIds = await this.history.recordMedications(
      manager,
      caller,
      patient.id,
      rows.map((r) => ({
        name: r.drug.generic_name,
        strength: r.drug.strength,
        dose: r.item.dose,
        frequency: r.item.frequency,
        route: r.item.route ?? (r.drug.route as PrescriptionItemEntity['route']),
        startDate: today,
        endDate: r.courseEnd,
        prescriber: caller.fullName,
        notes: r.item.instructions ?? null,
      })),
      input.visitId ?? undefined,
      { fieldPrefix: input.fieldPrefix },
    );
    await this.prescriptions.insert(
      manager,
      {
        id,
        patientId: patient.id,
        visitId: input.visitId,
        clinicId: input.clinic.id,
        prescribedBy: caller.id,
        prescribedOn: today,
        status: 'active',
        notes: input.notes,
      },
      rows.map((r, i) => ({
        id: r.id,
        prescriptionId: id,
        patientId: patient.id,
        position: r.position,
        drugId: r.drug.id,
        drugName: r.drug.generic_name,
        strength: r.drug.strength,
        dose: r.item.dose,
        frequency: r.item.frequency,
        durationDays: r.item.durationDays,
        quantity: r.item.quantity,
        quantityDispensed: 0,
        route: r.item.route ?? (r.drug.route as PrescriptionItemEntity['route']),
        instructions: r.item.instructions ?? null,
        safetyFindings: findings[i].length > 0 ? JSON.stringify(findings[i]) : null,
        overrideReason: r.item.overrideReason ?? null,
        courseEndDate: r.courseEnd,
        patientMedicationId: medicationIds[i],
      })),
    );
    return id;
  }
}
