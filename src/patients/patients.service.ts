import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { FieldCipher } from '../common/crypto/field-cipher';
import type { AllergyStatus, PatientSex } from './patient.entity';
import { patientNotFound } from './patient.errors';
import { PatientRepository, namedScopeSql } from './patient.repository';
import { identityIndexInput } from './patient-rules';

/** What other contexts may know about a patient they can see. */
export interface PatientRef {
  id: string;
  sex: PatientSex;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  isActive: boolean;
}

/**
 * The Patients context's public service: visibility of patients (the data scope) for other
 * contexts, and the few writes they make on a patient (facilities seen at, allergy status).
 */
@Injectable()
export class PatientsService {
  constructor(
    private readonly patients: PatientRepository,
    private readonly cipher: FieldCipher,
  ) {}

  /** The patient if the caller may see it, else NotFoundError('Patient'). One query, scope in the WHERE. */
  async findVisible(caller: AuthUser, patientId: string, opts: { manager?: EntityManager; lock?: boolean } = {}): Promise<PatientRef> {
    const ref = await this.patients.findRef(caller.scope, patientId, opts);
    if (!ref) throw patientNotFound();
    return ref;
  }

  /** SQL fragment + named params restricting a query to patients the caller may see: `EXISTS (...)` on the patient-id column. */
  visibleCondition(caller: AuthUser, patientIdColumn: string): { sql: string; params: Record<string, string> } {
    return namedScopeSql(caller.scope, patientIdColumn);
  }

  /**
   * The patient for a new visit: in scope by id, or — for a patient registered elsewhere who presents
   * here — by id plus their identity number (proof of presence). NotFoundError otherwise, the same
   * for a wrong number as for an unknown id.
   */
  async resolveForVisit(caller: AuthUser, patientId: string, identityNumber: string | undefined, manager: EntityManager): Promise<PatientRef> {
    const visible = await this.patients.findRef(caller.scope, patientId, { manager });
    if (visible) return visible;
    if (!identityNumber) throw patientNotFound();
    const patient = await this.patients.findForPresenceProof(manager, patientId);
    if (!patient || patient.identityType === 'none' || !patient.identityNumberBidx) throw patientNotFound();
    const offered = this.cipher.blindIndex(identityIndexInput(patient.identityType, identityNumber, patient.passportCountry));
    if (offered.length !== patient.identityNumberBidx.length || !timingSafeEqual(offered, patient.identityNumberBidx)) throw patientNotFound();
    return { id: patient.id, sex: patient.sex, dateOfBirth: patient.dateOfBirth, isActive: patient.isActive };
  }

  /** Records that the patient was seen at this clinic (INSERT IGNORE), inside the caller's transaction. */
  recordFacility(manager: EntityManager, patientId: string, clinic: { id: string; districtId: string; provinceId: string }): Promise<void> {
    return this.patients.recordFacility(manager, patientId, clinic);
  }

  /** Sets allergy_status (History: first allergy recorded, or no known allergies declared). */
  setAllergyStatus(manager: EntityManager, patientId: string, status: AllergyStatus): Promise<void> {
    return this.patients.setAllergyStatus(manager, patientId, status);
  }
}
