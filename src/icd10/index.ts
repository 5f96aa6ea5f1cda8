// The public surface of the ICD-10 context: other contexts import from here only.
export { Icd10Module } from './icd10.module';
export { Icd10Service } from './icd10.service';
export { normaliseIcd10Code, PATIENT_SEXES } from './icd10-rules';
export type { DiagnosisInput, PatientFacts, PatientSex, ResolvedDiagnosis } from './icd10-rules';
