import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConflictError, type FieldError } from '../common/errors/domain-errors';
import { PatientHistoryService } from '../patients';
import { type DrugRow, PrescriptionRepository } from './prescription.repository';
import { type ActiveTherapyItem, type AllergyRecord, allergyFindings, duplicateTherapyFindings, type SafetyFinding } from './prescription-safety';

/** A drug to check, with the item it stands for (and the field that names it in the request). */
export interface SafetyCheckItem {
  field: string;
  prescriptionItemId: string;
  drug: DrugRow;
  overrideReason?: string | null;
}

/**
 * Runs the pure safety rules (prescription-safety.ts) against the patient's recorded drug
 * allergies and active therapy, read inside the caller's transaction.
 */
@Injectable()
export class SafetyChecks {
  constructor(
    private readonly history: PatientHistoryService,
    private readonly prescriptions: PrescriptionRepository,
  ) {}

  /**
   * Findings per item, in order. Each item is also checked against the items before it (two
   * penicillins on one prescription are a duplicate); `exclude` leaves out active items (the
   * prescription being dispensed itself).
   */
  async check(manager: EntityManager, patientId: string, today: string, items: SafetyCheckItem[], exclude: string[] = []): Promise<SafetyFinding[][]> {
    const allergies: AllergyRecord[] = await this.history.safetyCheckAllergies(manager, patientId);
    const active = await this.prescriptions.activeTherapy(manager, patientId, today);
    const earlier: ActiveTherapyItem[] = [];
    return items.map((item) => {
      const drug = { id: item.drug.id, genericName: item.drug.generic_name, drugClass: item.drug.drug_class, atcCode: item.drug.atc_code };
      const findings: SafetyFinding[] = [
        ...allergyFindings(drug, allergies),
        ...duplicateTherapyFindings(drug, [...active, ...earlier], { today, excludePrescriptionItemIds: [...exclude, item.prescriptionItemId] }),
      ];
      earlier.push({ prescriptionItemId: item.prescriptionItemId, drugId: item.drug.id, genericName: item.drug.generic_name, atcCode: item.drug.atc_code, courseEndDate: null });
      return findings;
    });
  }
}

/** 409 PRESCRIPTION_SAFETY listing each finding under the field of its item; null when nothing refuses. */
export function safetyRefusal(items: { field: string; findings: SafetyFinding[]; overridden: boolean }[], what: string): ConflictError | null {
  const details: FieldError[] = items.filter((i) => !i.overridden).flatMap((i) => i.findings.map((f) => ({ field: i.field, message: `${f.code}: ${f.message}` })));
  if (details.length === 0) return null;
  return new ConflictError(
    'PRESCRIPTION_SAFETY',
    `${what} is refused by the safety checks (allergy or duplicate therapy); give an overrideReason to go ahead`,
    details,
  );
}
