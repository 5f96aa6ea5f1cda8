import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth/auth-user';
import { toAllergyResponse } from './history/allergy.dto';
import { toConditionResponse } from './history/condition.dto';
import { HistoryRepository } from './history/history.repository';
import { toMedicationResponse } from './history/medication.dto';
import { toVitalSignsResponse } from './history/vital-signs.dto';
import { PatientsService } from './patients.service';
import { PatientClinicalSummaryDto } from './summary.dto';
import { PatientTimelineRegistry } from './timeline.registry';

// Far beyond any real patient; bounds the response should data go wrong.
const SUMMARY_LIST_LIMIT = 100;

/** GET /patients/{id}/summary: one scope check, then the independent reads in parallel. */
@Injectable()
export class SummaryService {
  constructor(
    private readonly patients: PatientsService,
    private readonly history: HistoryRepository,
    private readonly registry: PatientTimelineRegistry,
  ) {}

  async summary(caller: AuthUser, patientId: string): Promise<PatientClinicalSummaryDto> {
    await this.patients.findVisible(caller, patientId);
    const [allergyStatus, allergies, conditions, medications, vitals, lastVisit] = await Promise.all([
      this.history.allergyStatus(undefined, patientId),
      this.history.activeAllergies(patientId, SUMMARY_LIST_LIMIT),
      this.history.activeConditions(patientId, SUMMARY_LIST_LIMIT),
      this.history.currentMedications(patientId, SUMMARY_LIST_LIMIT),
      this.history.latestVitals(patientId),
      this.registry.lastVisitOf(patientId),
    ]);
    return {
      patientId,
      allergyStatus,
      activeAllergies: allergies.map(toAllergyResponse),
      activeConditions: conditions.map(toConditionResponse),
      currentMedications: medications.map(toMedicationResponse),
      latestVitals: vitals ? toVitalSignsResponse(vitals) : null,
      lastVisit: lastVisit
        ? {
            id: lastVisit.id,
            clinicId: lastVisit.clinicId,
            clinicName: lastVisit.clinicName,
            arrivedAt: lastVisit.arrivedAt,
            stage: lastVisit.stage,
            status: lastVisit.status,
            endedAt: lastVisit.endedAt,
            primaryDiagnosis: lastVisit.primaryDiagnosis ? { code: lastVisit.primaryDiagnosis.code, description: lastVisit.primaryDiagnosis.description } : null,
          }
        : null,
    };
  }
}
