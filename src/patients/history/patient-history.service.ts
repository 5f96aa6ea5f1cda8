import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { DocumentsService } from '../documents/documents.service';
import { ClinicalNoteInput, ClinicalNoteResponseDto } from './clinical-note.dto';
import { ClinicalNotesService } from './clinical-notes.service';
import { type ActiveAllergy, HistoryRepository } from './history.repository';
import { MedicationInput } from './medication.dto';
import { MedicationsService } from './medications.service';
import { VitalSignsResponseDto } from './vital-signs.dto';
import { VitalSignsInput } from './vital-signs.rules';
import { VitalSignsService } from './vital-signs.service';

/** Options for writes made from another context's request body. */
export interface HistoryWriteOptions {
  /** Prefix for field names in validation errors, as the caller's body nests the input (e.g. 'vitals.'). */
  fieldPrefix?: string;
}

/**
 * The medical history as the Clinical Workflow writes it during a visit. Every method runs in the
 * caller's transaction (`manager`), checks the patient is visible to the caller (404 otherwise)
 * and throws ValidationFailedError with field details for bad input.
 */
@Injectable()
export class PatientHistoryService {
  constructor(
    private readonly vitals: VitalSignsService,
    private readonly notes: ClinicalNotesService,
    private readonly medications: MedicationsService,
    private readonly documents: DocumentsService,
    private readonly history: HistoryRepository,
  ) {}

  /** Validates ranges, computes BMI, inserts; visitId links it to a visit. */
  recordVitals(
    manager: EntityManager,
    caller: AuthUser,
    patientId: string,
    input: VitalSignsInput,
    visitId?: string,
    opts?: HistoryWriteOptions,
  ): Promise<VitalSignsResponseDto> {
    return this.vitals.record(manager, caller, patientId, input, visitId, opts);
  }

  /** A clinical note (kind 'soap' | 'nursing' | 'counseling' | 'progress'; SOAP fields or free text), optionally tied to a visit. */
  recordNote(
    manager: EntityManager,
    caller: AuthUser,
    patientId: string,
    input: ClinicalNoteInput,
    visitId?: string,
    opts?: HistoryWriteOptions,
  ): Promise<ClinicalNoteResponseDto> {
    return this.notes.record(manager, caller, patientId, input, visitId, opts);
  }

  /** Adds current medications to the patient's list (from a prescription's items), all or none; returns their ids in order. */
  recordMedications(
    manager: EntityManager,
    caller: AuthUser,
    patientId: string,
    items: MedicationInput[],
    visitId?: string,
    opts?: HistoryWriteOptions,
  ): Promise<string[]> {
    return this.medications.record(manager, caller, patientId, items, visitId, opts);
  }

  /** Stops the given current medication entries in the caller's transaction (Pharmacy: a cancelled prescription). */
  stopMedications(manager: EntityManager, callerId: string, ids: string[], today: string): Promise<void> {
    return this.history.stopMedications(manager, ids, today, callerId);
  }

  /** The patient's active allergies of every category, for prescribing safety checks (the caller has checked the patient is visible). */
  safetyCheckAllergies(manager: EntityManager | undefined, patientId: string): Promise<ActiveAllergy[]> {
    return this.history.safetyCheckAllergies(manager, patientId);
  }

  /** A patient document, checked to belong to the patient (for lab results). NotFoundError otherwise. */
  requireDocument(manager: EntityManager, patientId: string, documentId: string): Promise<{ id: string }> {
    return this.documents.requireDocument(manager, patientId, documentId);
  }
}
