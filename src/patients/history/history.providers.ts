import { Icd10Module } from '../../icd10';
import { DocumentStorage } from '../documents/document-storage';
import { DocumentEntity } from '../documents/document.entity';
import { DocumentsController } from '../documents/documents.controller';
import { DocumentsService } from '../documents/documents.service';
import { SummaryService } from '../summary.service';
import { TimelineController } from '../timeline.controller';
import { PatientTimelineRegistry } from '../timeline.registry';
import { TimelineRepository } from '../timeline.repository';
import { TimelineService } from '../timeline.service';
import { AllergiesController } from './allergies.controller';
import { AllergiesService } from './allergies.service';
import { ClinicalNotesController } from './clinical-notes.controller';
import { ClinicalNotesService } from './clinical-notes.service';
import { ConditionsController } from './conditions.controller';
import { ConditionsService } from './conditions.service';
import {
  AllergyEntity,
  ClinicalNoteEntity,
  ConditionEntity,
  ImmunizationEntity,
  MedicationEntity,
  ProcedureEntity,
  VitalSignsEntity,
} from './history.entity';
import { HistoryRepository } from './history.repository';
import { ImmunizationsController } from './immunizations.controller';
import { ImmunizationsService } from './immunizations.service';
import { MedicationsController } from './medications.controller';
import { MedicationsService } from './medications.service';
import { PatientHistoryService } from './patient-history.service';
import { ProceduresController } from './procedures.controller';
import { ProceduresService } from './procedures.service';
import { VitalSignsController } from './vital-signs.controller';
import { VitalSignsService } from './vital-signs.service';

/*
 * The medical history's part of PatientsModule (allergies … documents, timeline, summary), listed
 * here so the module file itself only spreads these lists.
 */

/** Conditions are validated against the ICD-10 code table. */
export const HISTORY_IMPORTS = [Icd10Module];

export const HISTORY_ENTITIES = [
  AllergyEntity,
  ConditionEntity,
  MedicationEntity,
  ImmunizationEntity,
  ProcedureEntity,
  VitalSignsEntity,
  ClinicalNoteEntity,
  DocumentEntity,
];

export const HISTORY_CONTROLLERS = [
  AllergiesController,
  ConditionsController,
  MedicationsController,
  ImmunizationsController,
  ProceduresController,
  VitalSignsController,
  ClinicalNotesController,
  DocumentsController,
  TimelineController,
];

export const HISTORY_PROVIDERS = [
  HistoryRepository,
  AllergiesService,
  ConditionsService,
  MedicationsService,
  ImmunizationsService,
  ProceduresService,
  VitalSignsService,
  ClinicalNotesService,
  DocumentStorage,
  DocumentsService,
  PatientHistoryService,
  PatientTimelineRegistry,
  TimelineRepository,
  TimelineService,
  SummaryService,
];

/** What other contexts use (through src/patients/index.ts). */
export const HISTORY_EXPORTS = [PatientHistoryService, PatientTimelineRegistry];
