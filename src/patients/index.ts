// The Patients context's public surface: other contexts import from here only.
export { PatientsModule } from './patients.module';
export { PatientsService, type PatientRef } from './patients.service';
// Fixed ids of the demo patients (npm run seed -- --demo), for other contexts' demo data.
export { DEMO_PATIENT_IDS } from './patients.demo';
// The medical history, as the Clinical Workflow writes and extends it (History helper).
export { PatientHistoryService, type HistoryWriteOptions } from './history/patient-history.service';
export { type ActiveAllergy } from './history/history.repository';
export { PatientTimelineRegistry, type TimelineSource, type LastVisitProvider } from './timeline.registry';
export { TIMELINE_KINDS, type TimelineKind } from './timeline.dto';
export { type LastVisitSummary } from './summary.dto';
export { VitalSignsDto, VitalSignsResponseDto } from './history/vital-signs.dto';
export { type VitalSignsInput } from './history/vital-signs.rules';
export { ClinicalNoteDto, ClinicalNoteResponseDto, type ClinicalNoteInput } from './history/clinical-note.dto';
export { MedicationItemDto, type MedicationInput } from './history/medication.dto';
export { CLINICAL_NOTE_KINDS, MEDICATION_ROUTES, type ClinicalNoteKind, type MedicationRoute } from './history/history.entity';
