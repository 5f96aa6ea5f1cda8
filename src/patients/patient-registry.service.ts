import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { FieldCipher } from '../common/crypto/field-cipher';
import { inTransaction } from '../common/database/transaction';
import { isDuplicateKeyError } from '../common/database/mysql-errors';
import { FieldError, NotFoundError, ValidationFailedError } from '../common/errors/domain-errors';
import { FacilitiesService } from '../identity';
import type { PatientContactEntity, PatientEntity } from './patient.entity';
import {
  DeactivatePatientDto,
  MedicalAidInputDto,
  PatientAddressInputDto,
  PatientDto,
  PatientPageMetaDto,
  PatientSearchQueryDto,
  PatientSummaryDto,
  RegisteredPatientDto,
  RegisterPatientDto,
  toPatientDto,
  UpdatePatientDto,
} from './patient.dto';
import { alreadyInState, duplicateIdentity, patientNotFound, versionConflict } from './patient.errors';
import { PatientHitRow, PatientRepository } from './patient.repository';
import {
  checkIdentity,
  IDENTITY_NUMBER_PURPOSE,
  identityIndexInput,
  maskIdentifier,
  MEMBER_NUMBER_PURPOSE,
  memberIndexInput,
} from './patient-rules';
import { contactColumns } from './patient-contacts.service';

/** Counting stops here (or at the end of the requested page): a broad prefix must not count a million rows. */
export const SEARCH_COUNT_CAP = 1000;

export interface PatientSearchPage {
  data: PatientSummaryDto[];
  meta: PatientPageMetaDto;
}

/** Registration, reading, updating, (de)activating and searching patients, for the Patients API. */
@Injectable()
export class PatientRegistryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly patients: PatientRepository,
    private readonly cipher: FieldCipher,
    private readonly facilities: FacilitiesService,
  ) {}

  async register(caller: AuthUser, dto: RegisterPatientDto): Promise<RegisteredPatientDto> {
    const identity = checkIdentity(dto);
    if (identity.problems.length > 0) throw new ValidationFailedError(identity.problems);
    const clinic = await this.registeringClinic(caller, dto.registeredClinicId);
    await this.checkProvince(dto.address?.provinceId);
    const id = randomUUID();
    const patient: Partial<PatientEntity> = {
      id,
      firstName: dto.firstName,
      middleNames: dto.middleNames ?? null,
      lastName: dto.lastName,
      dateOfBirth: dto.dateOfBirth,
      sex: dto.sex,
      identityType: dto.identityType,
      ...this.identityColumns(dto.identityType, identity.number, identity.passportCountry),
      phoneMobile: dto.phoneMobile ?? null,
      phoneAlternate: dto.phoneAlternate ?? null,
      email: dto.email ?? null,
      ...addressColumns(dto.address),
      preferredLanguage: dto.preferredLanguage ?? null,
      ...this.medicalAidColumns(dto.medicalAid),
      registeredClinicId: clinic.id,
      registeredBy: caller.id,
      isActive: true,
      version: 1,
    };
    const contacts: Partial<PatientContactEntity>[] = (dto.contacts ?? []).map((c) => ({ id: randomUUID(), patientId: id, ...contactColumns(c) }));
    try {
      await inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
        await this.patients.insertPatient(manager, patient);
        await this.patients.recordFacility(manager, id, clinic);
        await this.patients.insertContacts(manager, contacts);
      });
    } catch (error) {
      throw await this.duplicateIdentityOr(error, patient.identityNumberBidx ?? null);
    }
    const [saved, possible] = await Promise.all([
      this.load(caller, id, false),
      this.patients.findSameNameAndBirth(caller.scope, { firstName: dto.firstName, lastName: dto.lastName, dateOfBirth: dto.dateOfBirth }, id),
    ]);
    return {
      ...saved,
      possibleDuplicates: possible.map((p) => ({
        id: p.id,
        firstName: p.first_name,
        middleNames: p.middle_names,
        lastName: p.last_name,
        dateOfBirth: p.date_of_birth,
        identityType: p.identity_type,
        registeredClinicId: p.registered_clinic_id,
        isActive: p.is_active === 1,
      })),
    };
  }

  /** The whole record; `reveal` shows the identity and member numbers in full (GET /patients/{id} only). */
  async load(caller: AuthUser, id: string, reveal: boolean, manager?: EntityManager): Promise<PatientDto> {
    const patient = await this.patients.findVisibleEntity(caller.scope, id, manager);
    if (!patient) throw patientNotFound();
    const contacts = await this.patients.listContacts(id, manager);
    return toPatientDto(patient, contacts, this.numbers(patient, reveal));
  }

  /**
   * Changes what is sent (null clears an optional field; address and medicalAid are replaced as a
   * whole). Optimistic: the body's version must be the current one. A change to the identity
   * document or the date of birth re-runs the identity rules and the duplicate check.
   */
  async update(caller: AuthUser, id: string, dto: UpdatePatientDto): Promise<PatientDto> {
    let newBidx: Buffer | null = null;
    try {
      return await inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
        const current = await this.patients.findVisibleEntity(caller.scope, id, manager, true);
        if (!current) throw patientNotFound();
        if (current.version !== dto.version) throw versionConflict();
        const changes: Partial<PatientEntity> = {};
        if (dto.firstName !== undefined) changes.firstName = dto.firstName;
        if (dto.middleNames !== undefined) changes.middleNames = dto.middleNames;
        if (dto.lastName !== undefined) changes.lastName = dto.lastName;
        if (dto.dateOfBirth !== undefined) changes.dateOfBirth = dto.dateOfBirth;
        if (dto.sex !== undefined) changes.sex = dto.sex;
        if (dto.phoneMobile !== undefined) changes.phoneMobile = dto.phoneMobile;
        if (dto.phoneAlternate !== undefined) changes.phoneAlternate = dto.phoneAlternate;
        if (dto.email !== undefined) changes.email = dto.email;
        if (dto.preferredLanguage !== undefined) changes.preferredLanguage = dto.preferredLanguage;
        if (dto.address !== undefined) {
          await this.checkProvince(dto.address?.provinceId);
          Object.assign(changes, addressColumns(dto.address));
        }
        if (dto.medicalAid !== undefined) Object.assign(changes, this.medicalAidColumns(dto.medicalAid));
        const identityTouched = dto.identityType !== undefined || dto.identityNumber !== undefined || dto.passportCountry !== undefined;
        if (identityTouched || dto.dateOfBirth !== undefined) {
          const typeChanged = dto.identityType !== undefined && dto.identityType !== current.identityType;
          const type = dto.identityType ?? current.identityType;
          // A new document type does not inherit the old number or country: send them with it.
          const merged = {
            identityType: type,
            identityNumber:
              dto.identityNumber !== undefined ? dto.identityNumber : typeChanged ? null : this.decrypt(current.identityNumberEnc, IDENTITY_NUMBER_PURPOSE),
            passportCountry: dto.passportCountry !== undefined ? dto.passportCountry : typeChanged ? null : current.passportCountry,
            dateOfBirth: dto.dateOfBirth ?? current.dateOfBirth,
          };
          const identity = checkIdentity(merged);
          if (identity.problems.length > 0) throw new ValidationFailedError(identity.problems);
          if (identityTouched) {
            const columns = this.identityColumns(type, identity.number, identity.passportCountry);
            Object.assign(changes, { identityType: type, ...columns });
            newBidx = columns.identityNumberBidx;
          }
        }
        if (Object.keys(changes).length > 0 && !(await this.patients.updatePatient(manager, id, dto.version, changes))) throw versionConflict();
        return this.load(caller, id, false, manager);
      });
    } catch (error) {
      throw await this.duplicateIdentityOr(error, newBidx);
    }
  }

  async deactivate(caller: AuthUser, id: string, dto: DeactivatePatientDto): Promise<PatientDto> {
    return this.setActive(caller, id, false, dto.reason);
  }

  async reactivate(caller: AuthUser, id: string): Promise<PatientDto> {
    return this.setActive(caller, id, true, null);
  }

  private setActive(caller: AuthUser, id: string, active: boolean, reason: string | null): Promise<PatientDto> {
    return inTransaction(this.dataSource, 'READ COMMITTED', async (manager) => {
      const current = await this.patients.findVisibleEntity(caller.scope, id, manager, true);
      if (!current) throw patientNotFound();
      if (current.isActive === active) throw alreadyInState(active);
      await this.patients.updatePatient(manager, id, current.version, {
        isActive: active,
        deactivatedAt: active ? null : new Date(),
        deactivationReason: active ? null : reason,
      });
      return this.load(caller, id, false, manager);
    });
  }

  /**
   * Patients the caller may see that match every criterion given (none: all of them, by name). Exact
   * numbers are found through their blind indexes. meta.total is counted only up to SEARCH_COUNT_CAP
   * (or the end of the page), see PatientPageMetaDto.totalCapped.
   */
  async search(caller: AuthUser, query: PatientSearchQueryDto): Promise<PatientSearchPage> {
    if (query.identityNumber !== undefined && query.passportNumber !== undefined) {
      throw new ValidationFailedError([{ field: 'passportNumber', message: 'passportNumber cannot be combined with identityNumber' }]);
    }
    const identityBidx =
      query.identityNumber !== undefined
        ? this.cipher.blindIndex(identityIndexInput('sa_id', query.identityNumber))
        : query.passportNumber !== undefined
          ? this.cipher.blindIndex(identityIndexInput('passport', query.passportNumber, query.passportCountry))
          : undefined;
    // Deep pages of a broad search would walk (and count) most of a million rows: past the first
    // SEARCH_COUNT_CAP matches the search must be narrowed, not paged.
    if (query.offset + query.perPage > SEARCH_COUNT_CAP) {
      throw new ValidationFailedError([
        { field: 'page', message: `page reaches past the first ${SEARCH_COUNT_CAP} matches: narrow the search (more letters of the name, a date of birth)` },
      ]);
    }
    const countLimit = SEARCH_COUNT_CAP + 1;
    const { rows, count } = await this.patients.search(caller.scope, {
      name: query.name,
      identityBidx,
      memberBidx: query.medicalAidNumber !== undefined ? this.cipher.blindIndex(memberIndexInput(query.medicalAidNumber)) : undefined,
      phone: query.phone,
      dateOfBirth: query.dateOfBirth,
      includeInactive: query.includeInactive ?? false,
      offset: query.offset,
      limit: query.perPage,
      countLimit,
    });
    const totalCapped = count >= countLimit;
    const total = totalCapped ? countLimit - 1 : count;
    const totalPages = Math.ceil(total / query.perPage);
    return {
      data: rows.map((row) => this.toSummary(row)),
      meta: {
        total,
        page: query.page,
        perPage: query.perPage,
        totalPages,
        hasNext: totalCapped || query.page < totalPages,
        hasPrev: query.page > 1,
        totalCapped,
      },
    };
  }

  private toSummary(row: PatientHitRow): PatientSummaryDto {
    const identity = this.decrypt(row.identity_number_enc, IDENTITY_NUMBER_PURPOSE);
    const member = this.decrypt(row.member_number_enc, MEMBER_NUMBER_PURPOSE);
    return {
      id: row.id,
      firstName: row.first_name,
      middleNames: row.middle_names,
      lastName: row.last_name,
      dateOfBirth: row.date_of_birth,
      sex: row.sex,
      identityType: row.identity_type,
      identityNumber: identity === null ? null : maskIdentifier(identity),
      passportCountry: row.passport_country,
      phoneMobile: row.phone_mobile,
      medicalAidScheme: row.medical_aid_scheme,
      memberNumber: member === null ? null : maskIdentifier(member),
      registeredClinicId: row.registered_clinic_id,
      isActive: row.is_active === 1,
    };
  }

  private numbers(patient: PatientEntity, reveal: boolean): { identityNumber: string | null; memberNumber: string | null } {
    const show = (value: string | null) => (value === null || reveal ? value : maskIdentifier(value));
    return {
      identityNumber: show(this.decrypt(patient.identityNumberEnc, IDENTITY_NUMBER_PURPOSE)),
      memberNumber: show(this.decrypt(patient.memberNumberEnc, MEMBER_NUMBER_PURPOSE)),
    };
  }

  private decrypt(value: Buffer | null, purpose: string): string | null {
    return value === null ? null : this.cipher.decrypt(value, purpose);
  }

  private identityColumns(type: PatientEntity['identityType'], number: string | null, passportCountry: string | null) {
    if (type === 'none' || number === null) {
      return { identityNumberEnc: null, identityNumberBidx: null, passportCountry: null };
    }
    return {
      identityNumberEnc: this.cipher.encrypt(number, IDENTITY_NUMBER_PURPOSE),
      identityNumberBidx: this.cipher.blindIndex(identityIndexInput(type, number, passportCountry)),
      passportCountry: type === 'passport' ? passportCountry : null,
    };
  }

  private medicalAidColumns(aid: MedicalAidInputDto | null | undefined): Partial<PatientEntity> {
    if (!aid) {
      return { medicalAidScheme: null, medicalAidPlan: null, memberNumberEnc: null, memberNumberBidx: null, dependantCode: null, principalMemberName: null };
    }
    const number = aid.memberNumber.replace(/\s+/g, ' ').trim().toUpperCase();
    return {
      medicalAidScheme: aid.scheme,
      medicalAidPlan: aid.plan ?? null,
      memberNumberEnc: this.cipher.encrypt(number, MEMBER_NUMBER_PURPOSE),
      memberNumberBidx: this.cipher.blindIndex(memberIndexInput(number)),
      dependantCode: aid.dependantCode ?? null,
      principalMemberName: aid.principalMemberName ?? null,
    };
  }

  /** A clinic outside the caller's jurisdiction reads exactly like one that does not exist. */
  private async registeringClinic(caller: AuthUser, clinicId: string): Promise<{ id: string; districtId: string; provinceId: string }> {
    try {
      const clinic = await this.facilities.getClinic(caller, clinicId);
      return { id: clinic.id, districtId: clinic.districtId, provinceId: clinic.provinceId };
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new ValidationFailedError([{ field: 'registeredClinicId', message: 'registeredClinicId does not name a clinic in your jurisdiction' }]);
      }
      throw error;
    }
  }

  private async checkProvince(provinceId: string | undefined): Promise<void> {
    if (provinceId === undefined) return;
    const provinces = await this.facilities.listProvinces();
    if (!provinces.some((p) => p.id === provinceId)) {
      const problem: FieldError = { field: 'address.provinceId', message: 'address.provinceId does not name a province' };
      throw new ValidationFailedError([problem]);
    }
  }

  /** The unique blind index refused the row: answer with the patient who holds that identity number. */
  private async duplicateIdentityOr(error: unknown, bidx: Buffer | null): Promise<unknown> {
    if (!isDuplicateKeyError(error) || bidx === null) return error;
    const existingId = await this.patients.findIdByIdentityBidx(bidx);
    return existingId ? duplicateIdentity(existingId) : error;
  }
}

function addressColumns(address: PatientAddressInputDto | null | undefined): Partial<PatientEntity> {
  return {
    addressLine1: address?.line1 ?? null,
    addressLine2: address?.line2 ?? null,
    town: address?.town ?? null,
    postalCode: address?.postalCode ?? null,
    provinceId: address?.provinceId ?? null,
  };
}
