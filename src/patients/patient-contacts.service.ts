import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { inTransaction } from '../common/database/transaction';
import type { PatientContactEntity } from './patient.entity';
import { PatientContactDto, PatientContactInputDto, toContactDto, UpdatePatientContactDto } from './patient.dto';
import { contactNotFound, patientNotFound, tooManyContacts } from './patient.errors';
import { PatientRepository } from './patient.repository';
import { MAX_CONTACTS } from './patient-rules';

export function contactColumns(c: PatientContactInputDto): Partial<PatientContactEntity> {
  return {
    kind: c.kind,
    fullName: c.fullName,
    relationship: c.relationship,
    phonePrimary: c.phonePrimary,
    phoneAlternate: c.phoneAlternate ?? null,
    email: c.email ?? null,
    address: c.address ?? null,
  };
}

/** A patient's emergency, next-of-kin and secondary contacts. Visible and editable iff the patient is. */
@Injectable()
export class PatientContactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly patients: PatientRepository,
  ) {}

  async list(caller: AuthUser, patientId: string): Promise<PatientContactDto[]> {
    if (!(await this.patients.findRef(caller.scope, patientId))) throw patientNotFound();
    return (await this.patients.listContacts(patientId)).map(toContactDto);
  }

  /** The patient row is locked while counting, so two concurrent additions cannot pass the limit together. */
  add(caller: AuthUser, patientId: string, dto: PatientContactInputDto): Promise<PatientContactDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      if (!(await this.patients.findRef(caller.scope, patientId, { manager, lock: true }))) throw patientNotFound();
      if ((await this.patients.countContacts(manager, patientId)) >= MAX_CONTACTS) throw tooManyContacts(MAX_CONTACTS);
      const id = randomUUID();
      await this.patients.insertContacts(manager, [{ id, patientId, ...contactColumns(dto) }]);
      return toContactDto((await this.patients.findContact(patientId, id, manager))!);
    });
  }

  update(caller: AuthUser, patientId: string, contactId: string, dto: UpdatePatientContactDto): Promise<PatientContactDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      if (!(await this.patients.findRef(caller.scope, patientId, { manager }))) throw patientNotFound();
      if (!(await this.patients.findContact(patientId, contactId, manager))) throw contactNotFound();
      const changes: Partial<PatientContactEntity> = {};
      if (dto.kind !== undefined) changes.kind = dto.kind;
      if (dto.fullName !== undefined) changes.fullName = dto.fullName;
      if (dto.relationship !== undefined) changes.relationship = dto.relationship;
      if (dto.phonePrimary !== undefined) changes.phonePrimary = dto.phonePrimary;
      if (dto.phoneAlternate !== undefined) changes.phoneAlternate = dto.phoneAlternate;
      if (dto.email !== undefined) changes.email = dto.email;
      if (dto.address !== undefined) changes.address = dto.address;
      if (Object.keys(changes).length > 0) await this.patients.updateContact(manager, contactId, changes);
      return toContactDto((await this.patients.findContact(patientId, contactId, manager))!);
    });
  }

  async remove(caller: AuthUser, patientId: string, contactId: string): Promise<void> {
    await inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      if (!(await this.patients.findRef(caller.scope, patientId, { manager }))) throw patientNotFound();
      if (!(await this.patients.findContact(patientId, contactId, manager))) throw contactNotFound();
      await this.patients.deleteContact(manager, contactId);
    });
  }
}
